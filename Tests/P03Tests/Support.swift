import DeepLearning
import Foundation
import Testing
@testable import P03

/// The fixtures written by scripts/p03_fixtures.py.
enum Fixture {
    static func url(_ name: String) -> URL { Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil)! }

    static func json(_ name: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url(name))) as? [String: Any])
    }
}

/// The models and images unpacked by `P03 prepare`. In CI they must be there (a missing file
/// fails the test); elsewhere the tests that need them are skipped until it has run.
enum P03Data {
    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] != nil }
    static var hasModels: Bool {
        isCI || FileManager.default.fileExists(atPath: PaddleModels.folder.appendingPathComponent(PaddleModels.recognizer).path)
    }
}

func points(_ any: Any) -> [Point] { (any as! [[NSNumber]]).map { Point($0[0].doubleValue, $0[1].doubleValue) } }

func numbers(_ any: Any) -> [Double] { (any as! [NSNumber]).map(\.doubleValue) }

/// Log-probabilities [T][C] of sample `n` of a fixture case after a log-softmax over C.
func logSoftmaxFrames(_ c: [String: Any], sample n: Int) -> [[Double]] {
    let (frames, batch, classes) = (c["frames"] as! Int, c["batch"] as! Int, c["classes"] as! Int)
    let logits = numbers(c["logits"]!)
    return (0..<frames).map { t in
        let row = Array(logits[((t * batch + n) * classes)..<((t * batch + n + 1) * classes)])
        let m = row.max()!, lse = m + log(row.reduce(0) { $0 + exp($1 - m) })
        return row.map { $0 - lse }
    }
}
