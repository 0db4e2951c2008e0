import DeepLearning
import Foundation
import Testing
import Workbook
@testable import P03

/// The models and images unpacked by `P03 prepare`. In CI they must be there (a missing file
/// fails the test); elsewhere the tests that need them are skipped until it has run.
enum P03Data {
    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] != nil }
    static var hasModels: Bool {
        isCI || FileManager.default.fileExists(atPath: PaddleModels.folder.appendingPathComponent(PaddleModels.recognizer).path)
    }
}

/// A fixture's list of [x, y] pairs as points (the fixtures are written by scripts/p03_fixtures.py).
func points(_ fixture: JSONFixture) -> [Point] { fixture.array.map { Point($0[0].double, $0[1].double) } }

/// Log-probabilities [T][C] of sample `n` of a fixture case after a log-softmax over C.
func logSoftmaxFrames(_ c: JSONFixture, sample n: Int) -> [[Double]] {
    let (frames, batch, classes) = (c["frames"].int, c["batch"].int, c["classes"].int)
    let logits = c["logits"].doubles
    return (0..<frames).map { t in
        let row = Array(logits[((t * batch + n) * classes)..<((t * batch + n + 1) * classes)])
        let m = row.max()!, lse = m + log(row.reduce(0) { $0 + exp($1 - m) })
        return row.map { $0 - lse }
    }
}
