import ExerciseTesting
import Testing
import Workbook
@testable import P07

@Suite(.exercise("P07-E04")) struct P07_E04_Hidden {
    /// The seven MSRA labels, against the rules the pytorch-crf fixture was decoded with.
    @Test func msraLabels() throws {
        let f = try p07Fixture()
        let rules = try bioConstraints(labels: MSRA.labels)
        func flags(_ values: [Bool]) -> [Int] { values.map { $0 ? 1 : 0 } }
        try checkEqual(flags(rules.start), try f.values("bio.allowed.start").map { Int($0) }, "allowed first tags")
        try checkEqual(flags(rules.transitions.flatMap { $0 }), try f.values("bio.allowed.transitions").map { Int($0) }, "allowed moves")
        try checkEqual(flags(rules.end), Array(repeating: 1, count: 7), "allowed last tags")
        try checkEqual([(try? bioConstraints(labels: ["O", "E-PER"])) == nil ? "error" : "no error"], ["error"], "a BMES label")
    }
}
