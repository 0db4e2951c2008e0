/// The fraction of positions where `predicted` equals `truth`, skipping positions whose
/// truth is `ignoring` (e.g. a padding label). 0 when nothing is counted.
///
/// ```swift
/// accuracy(truth: [1, 2, 3, 0], predicted: [1, 2, 0, 0], ignoring: 0)   // 2/3
/// ```
public func accuracy<T: Equatable>(truth: [T], predicted: [T], ignoring: T? = nil) -> Double {
    precondition(
        truth.count == predicted.count,
        "accuracy: truth has \(truth.count) labels but predicted has \(predicted.count)")
    var counted = 0, correct = 0
    for (t, p) in zip(truth, predicted) where t != ignoring {
        counted += 1
        if t == p { correct += 1 }
    }
    return counted == 0 ? 0 : Double(correct) / Double(counted)
}

/// Token-level accuracy over sentences (seqeval's `accuracy_score`).
public func accuracy<T: Equatable>(truth: [[T]], predicted: [[T]]) -> Double {
    precondition(
        truth.map(\.count) == predicted.map(\.count),
        "accuracy: truth and predicted must have the same number of sentences and the same sentence lengths")
    return accuracy(truth: truth.flatMap { $0 }, predicted: predicted.flatMap { $0 })
}
