import Tensors
/// A labelled span: tokens `start...end` (inclusive) of type `type` ("PER", "LOC" ...).
public struct Entity: Hashable, Sendable, CustomStringConvertible {
    public var type: String
    public var start: Int
    public var end: Int
    public init(type: String, start: Int, end: Int) { (self.type, self.start, self.end) = (type, start, end) }
    public var description: String { "\(type)[\(start)...\(end)]" }
}

/// The entities in a tag sequence, read exactly as seqeval's `get_entities` (conlleval's
/// chunking) in its default mode: BIO/IOB2 (and IOBES) prefixes; an `I-X` that follows
/// `O` or another type starts a new entity (it is not dropped); a change of type ends one.
///
/// ```swift
/// entities(in: ["B-PER", "I-PER", "O", "I-LOC"])   // [PER[0...1], LOC[3...3]]
/// ```
public func entities(in tags: [String]) -> [Entity] {
    var chunks: [Entity] = []
    var previous = (tag: "O", type: "")
    var begin = 0
    for (i, label) in (tags + ["O"]).enumerated() {
        let current = splitTag(label)
        if chunkEnds(previous, current) { chunks.append(Entity(type: previous.type, start: begin, end: i - 1)) }
        if chunkStarts(previous, current) { begin = i }
        previous = current
    }
    return chunks
}

/// The entities of several sentences, numbered as if the sentences were one sequence
/// with an `O` after each (seqeval's convention, so no entity spans two sentences).
public func entities(in sentences: [[String]]) -> [Entity] {
    entities(in: sentences.flatMap { $0 + ["O"] })
}

/// How tags are read into entities: seqeval's two modes.
public enum EntityReading: Sendable {
    /// seqeval's default (conlleval's chunking): lenient, an `I-X` with no `B-X` before it starts an entity.
    case lenient
    /// seqeval's `mode="strict", scheme=IOB2`: an entity is exactly a `B-X` followed by any number
    /// of `I-X`; an `I-X` that does not continue such a run belongs to no entity.
    case strictIOB2
}

/// The entities in a tag sequence read as `reading` says.
///
/// ```swift
/// entities(in: ["O", "I-LOC", "I-LOC", "B-PER"], reading: .lenient)      // [LOC[1...2], PER[3...3]]
/// entities(in: ["O", "I-LOC", "I-LOC", "B-PER"], reading: .strictIOB2)   // [PER[3...3]]
/// ```
public func entities(in tags: [String], reading: EntityReading) -> [Entity] {
    ExerciseTwins.called("entities(in:reading:)", twinOf: ["M03-E12", "P07-E05"])
    guard reading == .strictIOB2 else { return entities(in: tags) }
    var found: [Entity] = []
    var i = 0
    while i < tags.count {
        let current = splitTag(tags[i])
        guard current.tag == "B" else { i += 1; continue }
        var end = i
        while end + 1 < tags.count {
            let next = splitTag(tags[end + 1])
            guard next.tag == "I", next.type == current.type else { break }
            end += 1
        }
        found.append(Entity(type: current.type, start: i, end: end))
        i = end + 1
    }
    return found
}

/// The entities of several sentences read as `reading` says, numbered as one sequence with an `O` after each.
public func entities(in sentences: [[String]], reading: EntityReading) -> [Entity] {
    entities(in: sentences.flatMap { $0 + ["O"] }, reading: reading)
}

/// seqeval's split of a label: the first character is the tag, the text after the first
/// "-" (or after the first character when there is none) is the type; an empty type is "_".
private func splitTag(_ label: String) -> (tag: String, type: String) {
    let scalars = label.unicodeScalars
    guard let first = scalars.first else { return ("O", "_") }
    let rest = scalars.dropFirst()
    let type = rest.firstIndex(of: "-").map { String(rest[rest.index(after: $0)...]) } ?? String(rest)
    return (String(first), type.isEmpty ? "_" : type)
}

private func chunkEnds(_ p: (tag: String, type: String), _ c: (tag: String, type: String)) -> Bool {
    if p.tag == "E" || p.tag == "S" { return true }
    if (p.tag == "B" || p.tag == "I") && (c.tag == "B" || c.tag == "S" || c.tag == "O") { return true }
    return p.tag != "O" && p.tag != "." && p.type != c.type
}

private func chunkStarts(_ p: (tag: String, type: String), _ c: (tag: String, type: String)) -> Bool {
    if c.tag == "B" || c.tag == "S" { return true }
    if (p.tag == "E" || p.tag == "S" || p.tag == "O") && (c.tag == "E" || c.tag == "I") { return true }
    return c.tag != "O" && c.tag != "." && p.type != c.type
}

/// Precision, recall and F1 of one entity type or of an average.
public struct PrecisionRecallF1: Equatable, Sendable {
    public var precision: Double
    public var recall: Double
    public var f1: Double
    /// Number of true entities.
    public var support: Int

    /// From counts; a 0/0 ratio is 0, as seqeval's and scikit-learn's default `zero_division`.
    public init(correct: Int, predicted: Int, actual: Int) {
        precision = predicted == 0 ? 0 : Double(correct) / Double(predicted)
        recall = actual == 0 ? 0 : Double(correct) / Double(actual)
        f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
        support = actual
    }

    public init(precision: Double, recall: Double, f1: Double, support: Int) {
        (self.precision, self.recall, self.f1, self.support) = (precision, recall, f1, support)
    }
}

/// Entity-level scores, identical to seqeval's `classification_report` in default mode:
/// an entity counts as correct only when type, start and end all match.
///
/// ```swift
/// let scores = EntityScores(truth: [["B-PER", "I-PER", "O"]], predicted: [["B-PER", "O", "O"]])
/// scores.micro.f1          // 0: the predicted span is too short
/// scores.perType["PER"]    // precision 0, recall 0, support 1
/// ```
public struct EntityScores: Sendable {
    /// Scores per entity type.
    public let perType: [String: PrecisionRecallF1]
    /// From the summed counts of all types (seqeval's default `f1_score`).
    public let micro: PrecisionRecallF1
    /// Unweighted mean of the per-type scores.
    public let macro: PrecisionRecallF1
    /// Mean of the per-type scores weighted by support.
    public let weighted: PrecisionRecallF1

    /// Scores with the entities read as `reading` says (seqeval's default mode, or
    /// `mode="strict", scheme=IOB2`).
    public init(truth: [[String]], predicted: [[String]], reading: EntityReading = .lenient) {
        ExerciseTwins.called("EntityScores", twinOf: ["M03-E12"])
        precondition(
            truth.map(\.count) == predicted.map(\.count),
            "EntityScores: truth and predicted must have the same number of sentences and the same sentence lengths")
        let trueEntities = Set(entities(in: truth, reading: reading)), predictedEntities = Set(entities(in: predicted, reading: reading))
        let types = Set(trueEntities.map(\.type)).union(predictedEntities.map(\.type)).sorted()
        var perType: [String: PrecisionRecallF1] = [:]
        var counts = (correct: 0, predicted: 0, actual: 0)
        for type in types {
            let t = trueEntities.filter { $0.type == type }, p = predictedEntities.filter { $0.type == type }
            let correct = t.intersection(p).count
            perType[type] = PrecisionRecallF1(correct: correct, predicted: p.count, actual: t.count)
            counts = (counts.correct + correct, counts.predicted + p.count, counts.actual + t.count)
        }
        self.perType = perType
        micro = PrecisionRecallF1(correct: counts.correct, predicted: counts.predicted, actual: counts.actual)
        let scores = types.map { perType[$0]! }
        func mean(_ weights: [Double]) -> PrecisionRecallF1 {
            let total = weights.reduce(0, +)
            func average(_ value: (PrecisionRecallF1) -> Double) -> Double {
                total == 0 ? 0 : zip(scores, weights).map { value($0) * $1 }.reduce(0, +) / total
            }
            return PrecisionRecallF1(precision: average(\.precision), recall: average(\.recall), f1: average(\.f1), support: counts.actual)
        }
        macro = mean(scores.map { _ in 1 })
        weighted = mean(scores.map { Double($0.support) })
    }
}
