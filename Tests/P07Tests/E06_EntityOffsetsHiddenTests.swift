import Testing
@testable import P07

@Suite struct P07_E06_Hidden {
    /// Offsets in code points, where a character may hold two; lenient reading of a stray I-.
    @Test func codePointOffsets() throws {
        let text = "👍🏽张三去了e\u{301}巴黎"
        let found = try extractedEntities(text: text, tags: ["O", "B-PER", "I-PER", "O", "O", "O", "I-LOC", "I-LOC"])
        #expect(found == [ExtractedEntity(type: "PER", text: "张三", start: 2, end: 4), ExtractedEntity(type: "LOC", text: "巴黎", start: 8, end: 10)])
        let scalars = Array(text.unicodeScalars)
        #expect(found.allSatisfy { String(String.UnicodeScalarView(scalars[$0.start..<$0.end])) == $0.text })
        #expect(try extractedEntities(text: "", tags: []).isEmpty)
    }
}
