import DeepLearning

/// P07-E04 · The BIO transition constraints. Docs/P07.md#p07-e04
///
/// In BIO (IOB2) tagging an entity begins with `B-X` and goes on with `I-X`. So a path may
/// not begin with an `I-` tag, and `I-X` may only follow `B-X` or `I-X` of the same type X.
/// Every other move is allowed (anything may go to `O` or to a `B-`, and any tag may end a
/// sentence). Return these rules for `labels` (tag index = position in `labels`), for the
/// CRF's `decode` and P07-E03: the tagger then never predicts a broken entity.
///
/// A label that is not `O`, `B-X` or `I-X` throws `P07Error.badInput`.
public func bioConstraints(labels: [String]) throws -> TransitionConstraints {
    // BEGIN SOLUTION
    let parsed = try labels.map { label -> (prefix: String, type: String) in
        if label == "O" { return ("O", "") }
        let parts = label.split(separator: "-", maxSplits: 1).map(String.init)
        guard parts.count == 2, ["B", "I"].contains(parts[0]), !parts[1].isEmpty else {
            throw P07Error.badInput("not a BIO label: \"\(label)\"")
        }
        return (parts[0], parts[1])
    }
    let start = parsed.map { $0.prefix != "I" }
    let transitions = parsed.map { from in
        parsed.map { to in to.prefix != "I" || (from.prefix != "O" && from.type == to.type) }
    }
    return TransitionConstraints(start: start, transitions: transitions)
    // END SOLUTION
}
