import ExerciseTesting
import Foundation
import Testing
import Workbook
@testable import P01

@Suite(.exercise("P01-E04")) struct P01_E04_Hidden {
    struct Case: Decodable { let scores: [Double], labels: [Int], threshold: Double }
    struct Fixture: Decodable { let f1_thresholds: [Case] }

    /// Against a search over the same candidates with scikit-learn's `f1_score`
    /// (scripts/p01_fixtures.py), on noisy scores, some rounded so that cells tie.
    @Test func matchesTheScikitLearnSearch() throws {
        let fixture = try Fixtures.decode(Fixture.self, "metrics.json", in: .module)
        for (i, c) in fixture.f1_thresholds.enumerated() {
            try checkClose([try f1Threshold(scores: c.scores, labels: c.labels)], [c.threshold], rtol: 0, atol: 0, "threshold of case \(i)")
        }
        try checkClose([try f1Threshold(scores: [0.2, 0.4], labels: [0, 0])], [0.5], rtol: 0, atol: 0, "threshold without positives")
    }
}
