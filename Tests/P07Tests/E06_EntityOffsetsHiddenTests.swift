import ExerciseTesting
import Testing
import Workbook
@testable import P07

@Suite(.exercise("P07-E06")) struct P07_E06_Hidden {
    /// Offsets in code points, where a character may hold two; lenient reading of a stray I-.
    @Test func codePointOffsets() throws {
        let text = "👍🏽张三去了e\u{301}巴黎"
        let found = try extractedEntities(text: text, tags: ["O", "B-PER", "I-PER", "O", "O", "O", "I-LOC", "I-LOC"])
        try checkEqual(found.map(\.type), ["PER", "LOC"], "types")
        try checkEqual(found.map(\.text), ["张三", "巴黎"], "texts")
        try checkEqual(found.flatMap { [$0.start, $0.end] }, [2, 4, 8, 10], "offsets")
        try checkEqual(try extractedEntities(text: "", tags: []).map(\.text), [], "entities of an empty text")
    }
}
