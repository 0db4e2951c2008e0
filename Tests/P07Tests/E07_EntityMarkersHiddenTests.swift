import ExerciseTesting
import Testing
import Workbook
@testable import P07

@Suite(.exercise("P07-E07")) struct P07_E07_Hidden {
    func rendered(_ pieces: [MarkedPiece]) -> [String] {
        pieces.map { piece in
            switch piece {
            case .text(let text): return "text:" + text
            case .marker(let marker): return "marker:" + marker
            }
        }
    }

    /// The object before the subject, entities at both ends, no empty pieces.
    @Test func objectFirstAtTheEdges() throws {
        let pieces = try markedPieces(
            text: "阿里巴巴由马云创办", subject: EntityMention(type: "ORG", start: 0, end: 4),
            object: EntityMention(type: "PER", start: 5, end: 7))
        try checkEqual(
            rendered(pieces),
            [
                "marker:[E1:ORG]", "text:阿里巴巴", "marker:[/E1]", "text:由", "marker:[E2:PER]", "text:马云",
                "marker:[/E2]", "text:创办",
            ], "subject first in the text")
        let reversed = try markedPieces(
            text: "Born in Paris, Ada", subject: EntityMention(type: "PER", start: 15, end: 18),
            object: EntityMention(type: "LOC", start: 8, end: 13))
        try checkEqual(
            rendered(reversed),
            [
                "text:Born in ", "marker:[E2:LOC]", "text:Paris", "marker:[/E2]", "text:, ",
                "marker:[E1:PER]", "text:Ada", "marker:[/E1]",
            ], "object first, subject at the end")
    }

    /// Offsets count code points: "é" written as e + combining accent is two.
    @Test func codePointOffsets() throws {
        let text = "👍🏽 Zoe\u{301} met Bo"
        let pieces = try markedPieces(
            text: text, subject: EntityMention(type: "PER", start: 3, end: 7),
            object: EntityMention(type: "PER", start: 12, end: 14))
        try checkEqual(
            rendered(pieces),
            [
                "text:👍🏽 ", "marker:[E1:PER]", "text:Zoe\u{301}", "marker:[/E1]", "text: met ",
                "marker:[E2:PER]", "text:Bo", "marker:[/E2]",
            ], "pieces")
        let adjacent = try markedPieces(text: "AB", subject: EntityMention(type: "ORG", start: 0, end: 1), object: EntityMention(type: "LOC", start: 1, end: 2))
        try checkEqual(
            rendered(adjacent), ["marker:[E1:ORG]", "text:A", "marker:[/E1]", "marker:[E2:LOC]", "text:B", "marker:[/E2]"],
            "adjacent entities")
    }
}
