/// P03-E07 · Edit distance and character accuracy. Docs/P03.md#p03-e07
///
/// `editDistance`: the Levenshtein distance between two strings counted in Characters (one
/// Chinese character is one), the least number of insertions, deletions and substitutions
/// that turn `a` into `b` (dynamic programming over prefixes, two rows suffice).
///
/// `characterAccuracy`: PaddleOCR's recognition metric, 1 − the mean over lines of
/// editDistance(p, t) / max(|p|, |t|, 1), for predicted lines `predicted` and ground truth `truth`
/// (equal counts; an empty list scores 1).
public func editDistance(_ a: String, _ b: String) throws -> Int {
    // BEGIN SOLUTION
    let (x, y) = (Array(a), Array(b))
    var row = Array(0...y.count)
    for i in 1...max(1, x.count) where !x.isEmpty {
        var next = [i] + [Int](repeating: 0, count: y.count)
        for j in 1...max(1, y.count) where !y.isEmpty {
            next[j] = min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
        }
        row = next
    }
    return row[y.count]
    // END SOLUTION
}

public func characterAccuracy(predicted: [String], truth: [String]) throws -> Double {
    precondition(predicted.count == truth.count, "characterAccuracy: \(predicted.count) predictions, \(truth.count) truths")
    // BEGIN SOLUTION
    guard !truth.isEmpty else { return 1 }
    var total = 0.0
    for (p, t) in zip(predicted, truth) {
        total += Double(try editDistance(p, t)) / Double(max(p.count, t.count, 1))
    }
    return 1 - total / Double(truth.count)
    // END SOLUTION
}
