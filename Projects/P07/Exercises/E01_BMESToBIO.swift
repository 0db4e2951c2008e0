import Foundation

/// P07-E01 · BMES tags to BIO. Docs/P07.md#p07-e01
///
/// MSRA's files tag each character with BMES: `B-X` begins an entity of type X, `M-X`
/// continues it, `E-X` ends it, `S-X` is an entity of one character, `O` is outside.
/// The course (and seqeval, and most NER code) uses BIO, also called IOB2: `B-X` begins an
/// entity, `I-X` continues it. So B → B, M → I, E → I, S → B, O → O, keeping the type.
///
/// A label with any other prefix (or a B/M/E/S label without a type) throws
/// `P07Error.badInput` naming it.
public func bmesToBIO(_ tags: [String]) throws -> [String] {
    // BEGIN SOLUTION
    try tags.map { tag in
        if tag == "O" { return "O" }
        let parts = tag.split(separator: "-", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[1].isEmpty else { throw P07Error.badInput("not a BMES tag: \"\(tag)\"") }
        switch parts[0] {
        case "B", "S": return "B-" + parts[1]
        case "M", "E": return "I-" + parts[1]
        default: throw P07Error.badInput("not a BMES tag: \"\(tag)\"")
        }
    }
    // END SOLUTION
}
