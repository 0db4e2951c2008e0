import ExerciseTesting
import Foundation
import Testing
import Workbook
@testable import P07

/// scikit-learn's scores on the same labels (scripts/p07_relation_fixtures.py).
struct RelationScoreCases: Decodable {
    struct Scores: Decodable { let precision: Double, recall: Double, f1: Double }
    struct Case: Decodable {
        let truth: [Int], predicted: [Int]
        let micro: Scores, macro: Scores, perRelation: [Scores]
    }
    let cases: [Case]

    static func load() throws -> RelationScoreCases {
        try Fixtures.decode(RelationScoreCases.self, "p07_relations.json", in: .module)
    }
}

@Suite(.exercise("P07-E08")) struct P07_E08_Hidden {
    /// Micro, macro and per-relation P/R/F1 equal to `precision_recall_fscore_support(labels=[1, 2, 3, 4])`
    /// on random and edge cases (a relation never predicted, one absent, only no_relation predicted).
    @Test func matchesScikitLearn() throws {
        for (i, c) in try RelationScoreCases.load().cases.enumerated() {
            let got = try relationScores(truth: c.truth, predicted: c.predicted, relations: [1, 2, 3, 4])
            for (name, mine, theirs) in [("micro", got.micro, c.micro), ("macro", got.macro, c.macro)] {
                try checkClose(
                    [mine.precision, mine.recall, mine.f1], [theirs.precision, theirs.recall, theirs.f1], rtol: 1e-12, atol: 1e-12,
                    "case \(i) \(name) P, R, F1")
            }
            try checkClose(
                got.perRelation.flatMap { [$0.precision, $0.recall, $0.f1] }, c.perRelation.flatMap { [$0.precision, $0.recall, $0.f1] },
                rtol: 1e-12, atol: 1e-12, "case \(i) per relation")
        }
    }
}
