import DeepLearning

/// M03-E12 · The entities in a BIO tag sequence, read as seqeval (conlleval) does.
/// Docs/M03.md#m03-e12
///
/// "B-X" starts an entity of type X; "I-X" continues the current entity when it has
/// type X, and otherwise starts a new one (an "I-" after "O" or after another type is
/// not dropped); "O" ends the current entity. Return `Entity(type:start:end:)` spans
/// (inclusive ends) in order.
public func bioEntities(_ tags: [String]) throws -> [Entity] {
    // BEGIN SOLUTION
    var found: [Entity] = []
    var current: Entity?
    for (i, tag) in tags.enumerated() {
        let prefix = tag.prefix(1), type = String(tag.dropFirst(2))
        if prefix == "I", var open = current, open.type == type {
            open.end = i
            current = open
            continue
        }
        if let open = current { found.append(open) }
        current = prefix == "O" ? nil : Entity(type: type, start: i, end: i)
    }
    if let open = current { found.append(open) }
    return found
    // END SOLUTION
}

/// M03-E12 · Micro-averaged entity F1 over sentences: an entity counts as correct only
/// when type, start and end all match. precision = correct / predicted, recall =
/// correct / true, F1 = 2PR / (P + R), 0 when there is nothing to divide.
public func entityF1(truth: [[String]], predicted: [[String]]) throws -> Double {
    precondition(truth.map(\.count) == predicted.map(\.count), "entityF1: truth and predicted sentences must have the same lengths")
    // BEGIN SOLUTION
    var correct = 0, predictedCount = 0, trueCount = 0
    for (t, p) in zip(truth, predicted) {
        let trueEntities = Set(try bioEntities(t)), predictedEntities = Set(try bioEntities(p))
        correct += trueEntities.intersection(predictedEntities).count
        predictedCount += predictedEntities.count
        trueCount += trueEntities.count
    }
    let precision = predictedCount == 0 ? 0 : Double(correct) / Double(predictedCount)
    let recall = trueCount == 0 ? 0 : Double(correct) / Double(trueCount)
    return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
    // END SOLUTION
}
