import Foundation

/// The inspection metrics of a binary classifier (positive = defective), as scikit-learn
/// computes them: `accuracy_score`, `balanced_accuracy_score`, `precision_recall_fscore_support`
/// for the positive class, `roc_auc_score` and `confusion_matrix`.
struct BinaryMetrics: Codable, Equatable {
    /// [[TN, FP], [FN, TP]]: rows are the truth, columns the verdict.
    var confusion: [[Int]]
    var accuracy: Double
    var balancedAccuracy: Double
    var precision: Double
    var recall: Double
    var f1: Double
    var auc: Double
    var threshold: Double

    init(scores: [Double], labels: [Int], threshold: Double) {
        precondition(scores.count == labels.count, "BinaryMetrics: \(scores.count) scores for \(labels.count) labels")
        var c = [[0, 0], [0, 0]]
        for (s, y) in zip(scores, labels) { c[y == 1 ? 1 : 0][s >= threshold ? 1 : 0] += 1 }
        let (tn, fp, fn, tp) = (Double(c[0][0]), Double(c[0][1]), Double(c[1][0]), Double(c[1][1]))
        confusion = c
        accuracy = (tp + tn) / max(tp + tn + fp + fn, 1)
        recall = tp + fn > 0 ? tp / (tp + fn) : 0
        let specificity = tn + fp > 0 ? tn / (tn + fp) : 0
        balancedAccuracy = (recall + specificity) / 2
        precision = tp + fp > 0 ? tp / (tp + fp) : 0
        f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
        auc = rocAUC(scores: scores, labels: labels)
        self.threshold = threshold
    }
}

/// The area under the ROC curve: the probability that a random positive scores above a random
/// negative, ties counting one half (the Mann–Whitney U statistic over n₊·n₋), computed from
/// average ranks. NaN when one class is absent.
func rocAUC(scores: [Double], labels: [Int]) -> Double {
    let order = scores.indices.sorted { scores[$0] < scores[$1] }
    var ranks = [Double](repeating: 0, count: scores.count)
    var i = 0
    while i < order.count {
        var j = i
        while j + 1 < order.count && scores[order[j + 1]] == scores[order[i]] { j += 1 }
        for k in i...j { ranks[order[k]] = Double(i + j) / 2 + 1 }
        i = j + 1
    }
    let positives = labels.filter { $0 == 1 }.count, negatives = labels.count - positives
    guard positives > 0, negatives > 0 else { return .nan }
    let rankSum = zip(ranks, labels).filter { $0.1 == 1 }.map(\.0).reduce(0, +)
    return (rankSum - Double(positives * (positives + 1)) / 2) / Double(positives * negatives)
}

/// What a decision threshold is chosen to maximise on the validation split.
enum ThresholdObjective: String, Codable, CaseIterable {
    case accuracy, balancedAccuracy = "balanced", f1
}

/// The threshold among the midpoints between sorted distinct scores (and 0.5) that maximises
/// `objective` on validation scores; ties go to the threshold closest to 0.5. For F1 this is
/// the learner's own search (P01-E04), which the pipeline waits for.
func chooseThreshold(scores: [Double], labels: [Int], objective: ThresholdObjective) throws -> Double {
    let metric: (BinaryMetrics) -> Double
    switch objective {
    case .f1: return try f1Threshold(scores: scores, labels: labels)
    case .accuracy: metric = { $0.accuracy }
    case .balancedAccuracy: metric = { $0.balancedAccuracy }
    }
    let distinct = Array(Set(scores)).sorted()
    var candidates = [0.5]
    for (a, b) in zip(distinct, distinct.dropFirst()) { candidates.append((a + b) / 2) }
    func value(_ t: Double) -> Double { metric(BinaryMetrics(scores: scores, labels: labels, threshold: t)) }
    var best = (t: 0.5, v: value(0.5))
    for t in candidates.dropFirst() {
        let v = value(t)
        if v > best.v || (v == best.v && abs(t - 0.5) < abs(best.t - 0.5)) { best = (t, v) }
    }
    return best.t
}

/// Accuracy and the confusion matrix of a multi-class prediction (the 4-level grade).
struct GradeMetrics: Codable, Equatable {
    var confusion: [[Int]]
    var accuracy: Double
    /// Accuracy of the binary verdict the grades imply (grade ≥ 2: defective).
    var binaryAccuracy: Double

    init(predictions: [Int], labels: [Int], classes: Int) {
        var c = [[Int]](repeating: [Int](repeating: 0, count: classes), count: classes)
        for (p, y) in zip(predictions, labels) { c[y][p] += 1 }
        confusion = c
        accuracy = Double(zip(predictions, labels).filter { $0 == $1 }.count) / Double(max(labels.count, 1))
        binaryAccuracy = Double(zip(predictions, labels).filter { ($0 >= 2) == ($1 >= 2) }.count) / Double(max(labels.count, 1))
    }
}
