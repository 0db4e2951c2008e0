import ExerciseTesting
import Testing
@testable import P07

@Suite(.exercise("P07-E06")) struct P07_E06 {
    @Test func chineseText() throws {
        let found = try extractedEntities(text: "安南在北京", tags: ["B-PER", "I-PER", "O", "B-LOC", "I-LOC"])
        #expect(found == [ExtractedEntity(type: "PER", text: "安南", start: 0, end: 2), ExtractedEntity(type: "LOC", text: "北京", start: 3, end: 5)])
    }
}
