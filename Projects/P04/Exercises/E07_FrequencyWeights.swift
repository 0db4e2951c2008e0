import Foundation

/// P04-E07 · Class weights from pixel frequencies. Docs/P04.md#p04-e07
///
/// ENet's weighting (Paszke et al., 2016): with p_c the fraction of labelled pixels (those
/// not `ignoreIndex`) that belong to class c, w_c = 1 / ln(1.02 + p_c). Rare classes get up
/// to 1 / ln 1.02 ≈ 50, the road about 2.5 (its p is near 0.4). A class that never occurs
/// has p_c = 0.
public func frequencyWeights(labels: [Int], classes: Int, ignoreIndex: Int = 255) throws -> [Double] {
    // BEGIN SOLUTION
    var counts = [Int](repeating: 0, count: classes)
    for y in labels where y != ignoreIndex { counts[y] += 1 }
    let total = Double(max(1, counts.reduce(0, +)))
    return counts.map { 1 / log(1.02 + Double($0) / total) }
    // END SOLUTION
}
