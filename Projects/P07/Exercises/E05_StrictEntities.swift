import DeepLearning

/// P07-E05 · seqeval's strict IOB2 entities. Docs/P07.md#p07-e05
///
/// seqeval scores entities in two modes. Its default (conlleval's) is lenient: an `I-X`
/// after `O` starts an entity anyway. With `mode="strict", scheme=IOB2` an entity is
/// exactly a `B-X` followed by zero or more `I-X` of the same type; any other `I-` tag
/// belongs to no entity. Return those entities of one sentence in order, each with its
/// type and first and last token (inclusive).
///
///     ["B-PER", "I-PER", "I-LOC", "O", "I-ORG", "B-LOC"]  →  [PER[0...1], LOC[5...5]]
public func strictIOB2Entities(_ tags: [String]) throws -> [Entity] {
    // BEGIN SOLUTION
    func split(_ tag: String) -> (prefix: Substring, type: Substring) {
        guard let dash = tag.firstIndex(of: "-") else { return (Substring(tag), "") }
        return (tag[..<dash], tag[tag.index(after: dash)...])
    }
    var found: [Entity] = []
    var i = 0
    while i < tags.count {
        let (prefix, type) = split(tags[i])
        guard prefix == "B" else { i += 1; continue }
        var last = i
        while last + 1 < tags.count, split(tags[last + 1]) == ("I", type) { last += 1 }
        found.append(Entity(type: String(type), start: i, end: last))
        i = last + 1
    }
    return found
    // END SOLUTION
}
