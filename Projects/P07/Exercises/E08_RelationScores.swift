import DeepLearning

/// Precision, recall and F1 of relation classification with `no_relation` left out, as
/// scikit-learn's `f1_score(truth, predicted, labels=relations, average=...)` computes them.
public struct RelationScores: Equatable, Sendable {
    /// Counts pooled over the relations.
    public var micro: PrecisionRecallF1
    /// The unweighted mean of each relation's scores.
    public var macro: PrecisionRecallF1
    /// Each relation's scores, in the order of `relations`.
    public var perRelation: [PrecisionRecallF1]
}

/// P07-E08 · Relation micro and macro F1 without `no_relation`. Docs/P07.md#p07-e08
///
/// `truth` and `predicted` are label indices; `relations` are the indices scored (every
/// label but `no_relation`). For each relation r count the pairs predicted r where the truth
/// is r (correct), the pairs predicted r, and the pairs whose truth is r, and make its
/// scores with `PrecisionRecallF1(correct:predicted:actual:)` (a 0/0 ratio is 0). A wrong
/// `no_relation` prediction costs recall; a relation predicted for a `no_relation` pair
/// costs precision. Micro pools the three counts over the relations before dividing;
/// macro averages the per-relation precision, recall and F1 (macro F1 is the mean of the
/// F1s, not the F1 of the mean P and R), with the pooled number of true relations as support.
public func relationScores(truth: [Int], predicted: [Int], relations: [Int]) throws -> RelationScores {
    precondition(truth.count == predicted.count, "relationScores: \(truth.count) labels, \(predicted.count) predictions")
    // BEGIN SOLUTION
    let counts = relations.map { relation in
        (
            correct: zip(truth, predicted).filter { $0 == relation && $1 == relation }.count,
            predicted: predicted.filter { $0 == relation }.count, actual: truth.filter { $0 == relation }.count
        )
    }
    let each = counts.map { PrecisionRecallF1(correct: $0.correct, predicted: $0.predicted, actual: $0.actual) }
    let micro = PrecisionRecallF1(
        correct: counts.map(\.correct).reduce(0, +), predicted: counts.map(\.predicted).reduce(0, +),
        actual: counts.map(\.actual).reduce(0, +))
    func mean(_ value: (PrecisionRecallF1) -> Double) -> Double { each.isEmpty ? 0 : each.map(value).reduce(0, +) / Double(each.count) }
    let macro = PrecisionRecallF1(precision: mean(\.precision), recall: mean(\.recall), f1: mean(\.f1), support: micro.support)
    return RelationScores(micro: micro, macro: macro, perRelation: each)
    // END SOLUTION
}
