import DeepLearning

/// An entity of a relation example: its type and where it is, in Unicode code points
/// from the start of the text, `end` exclusive.
public struct EntityMention: Codable, Equatable, Sendable {
    public var type: String
    public var start: Int
    public var end: Int

    public init(type: String, start: Int, end: Int) { (self.type, self.start, self.end) = (type, start, end) }
}

/// A piece of a marked sentence: text to tokenize, or a marker that is one token of its own.
public enum MarkedPiece: Equatable, Sendable {
    case text(String)
    case marker(String)
}

/// P07-E07 · Typed entity markers. Docs/P07.md#p07-e07
///
/// The relation classifier reads a sentence in which the two entities are wrapped in
/// markers that also name their types (Zhong & Chen 2021): the subject between
/// `[E1:TYPE]` and `[/E1]`, the object between `[E2:TYPE]` and `[/E2]`. For
/// "Ada works at Acme." with the subject PER at 0..<3 and the object ORG at 13..<17:
///
///     [.marker("[E1:PER]"), .text("Ada"), .marker("[/E1]"), .text(" works at "),
///      .marker("[E2:ORG]"), .text("Acme"), .marker("[/E2]"), .text(".")]
///
/// Offsets count Unicode code points (`unicodeScalars`). The object may come first.
/// Leave out empty text pieces; keep spaces as they are.
public func markedPieces(text: String, subject: EntityMention, object: EntityMention) throws -> [MarkedPiece] {
    let scalars = Array(text.unicodeScalars)
    precondition(
        [subject, object].allSatisfy { 0 <= $0.start && $0.start < $0.end && $0.end <= scalars.count },
        "markedPieces: an entity outside the text")
    precondition(subject.end <= object.start || object.end <= subject.start, "markedPieces: the entities overlap")
    // BEGIN SOLUTION
    func slice(_ range: Range<Int>) -> String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: scalars[range])
        return String(s)
    }
    let ordered = [(subject, "E1"), (object, "E2")].sorted { $0.0.start < $1.0.start }
    var pieces: [MarkedPiece] = [], position = 0
    for (entity, name) in ordered {
        if position < entity.start { pieces.append(.text(slice(position..<entity.start))) }
        pieces += [.marker("[\(name):\(entity.type)]"), .text(slice(entity.start..<entity.end)), .marker("[/\(name)]")]
        position = entity.end
    }
    if position < scalars.count { pieces.append(.text(slice(position..<scalars.count))) }
    return pieces
    // END SOLUTION
}
