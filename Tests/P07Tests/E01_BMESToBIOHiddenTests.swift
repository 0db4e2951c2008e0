import Testing
@testable import P07

@Suite struct P07_E01_Hidden {
    /// MSRA's real opening lines (a cut sentence may begin inside an entity) and bad labels.
    @Test func keepsTypesAndRejectsOtherLabels() throws {
        #expect(try bmesToBIO(["M-LOC", "E-LOC", "S-LOC", "B-PER", "E-PER", "O"]) == ["I-LOC", "I-LOC", "B-LOC", "B-PER", "I-PER", "O"])
        #expect(try bmesToBIO(["S-ORG", "S-ORG"]) == ["B-ORG", "B-ORG"])
        #expect(try bmesToBIO([]) == [])
        for bad in ["X-PER", "B", "B-", "I-PER", "o"] {
            #expect(throws: P07Error.self, "\(bad)") { try bmesToBIO(["O", bad]) }
        }
    }
}
