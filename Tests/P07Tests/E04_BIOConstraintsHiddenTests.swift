import Testing
@testable import P07

@Suite struct P07_E04_Hidden {
    /// The seven MSRA labels, against the rules the pytorch-crf fixture was decoded with.
    @Test func msraLabels() throws {
        let f = try p07Fixture()
        let rules = try bioConstraints(labels: MSRA.labels)
        #expect(rules.start == (try f.values("bio.allowed.start")).map { $0 != 0 })
        #expect(rules.transitions.flatMap { $0 } == (try f.values("bio.allowed.transitions")).map { $0 != 0 })
        #expect(rules.end == Array(repeating: true, count: 7))
        #expect(throws: P07Error.self) { try bioConstraints(labels: ["O", "E-PER"]) }
    }
}
