import ExerciseTesting
import Testing
@testable import P07

@Suite(.exercise("P07-E07")) struct P07_E07 {
    @Test func subjectFirst() throws {
        let pieces = try markedPieces(
            text: "Ada works at Acme.", subject: EntityMention(type: "PER", start: 0, end: 3),
            object: EntityMention(type: "ORG", start: 13, end: 17))
        #expect(
            pieces == [
                .marker("[E1:PER]"), .text("Ada"), .marker("[/E1]"), .text(" works at "),
                .marker("[E2:ORG]"), .text("Acme"), .marker("[/E2]"), .text("."),
            ])
    }
}
