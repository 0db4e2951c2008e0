import Foundation
import Testing
import Workbook

/// A file under Tests/InteropTests/Fixtures, written by scripts/interop_fixtures.py.
func fixtureURL(_ name: String) throws -> URL { try Fixtures.url(name, in: .module) }

/// Decodes a JSON fixture into `T`.
func fixture<T: Decodable>(_ name: String, as type: T.Type = T.self) throws -> T {
    try Fixtures.decode(type, name, in: .module)
}

/// A tensor's expected shape and values, as the fixture script writes them.
struct ExpectedTensor: Decodable {
    let shape: [Int]
    let values: [Double]
}

/// The pretrained weights that scripts/fetch-weights.sh puts in the cache.
enum PretrainedWeights {
    static var folder: URL {
        let cache =
            ProcessInfo.processInfo.environment["DEEP_LEARNING_CACHE"]
            ?? FileManager.default.homeDirectoryForCurrentDirectoryUser.appendingPathComponent(".cache/deep-learning-course").path
        return URL(fileURLWithPath: cache).appendingPathComponent("weights")
    }

    static func url(_ name: String) -> URL { folder.appendingPathComponent(name) }

    /// In CI the weights must be there (a missing file fails the test); elsewhere
    /// tests that need them are skipped until scripts/fetch-weights.sh has run.
    static var shouldTest: Bool {
        ProcessInfo.processInfo.environment["CI"] != nil
            || FileManager.default.fileExists(atPath: url("all-MiniLM-L6-v2/model.safetensors").path)
    }
}

func maxAbsDifference(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count, "maxAbsDifference: \(a.count) vs \(b.count) values")
    return zip(a, b).map { abs($0 - $1) }.max() ?? 0
}

extension FileManager {
    var homeDirectoryForCurrentDirectoryUser: URL { URL(fileURLWithPath: NSHomeDirectory()) }
}

/// A new empty folder under the temporary directory; the caller removes it.
func makeTemporaryFolder(_ prefix: String) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
}
