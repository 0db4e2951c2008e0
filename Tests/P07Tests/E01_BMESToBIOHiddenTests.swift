import ExerciseTesting
import Testing
import Workbook
@testable import P07

@Suite(.exercise("P07-E01")) struct P07_E01_Hidden {
    /// MSRA's real opening lines (a cut sentence may begin inside an entity) and bad labels.
    @Test func keepsTypesAndRejectsOtherLabels() throws {
        try checkEqual(
            try bmesToBIO(["M-LOC", "E-LOC", "S-LOC", "B-PER", "E-PER", "O"]),
            ["I-LOC", "I-LOC", "B-LOC", "B-PER", "I-PER", "O"], "converted tags")
        try checkEqual(try bmesToBIO(["S-ORG", "S-ORG"]), ["B-ORG", "B-ORG"], "single-character entities")
        try checkEqual(try bmesToBIO([]), [], "an empty sentence")
        let bad = ["X-PER", "B", "B-", "I-PER", "o"]
        try checkEqual(
            bad.map { (try? bmesToBIO(["O", $0])) == nil ? "error" : "no error" },
            bad.map { _ in "error" }, "labels that are not BMES")
    }
}
