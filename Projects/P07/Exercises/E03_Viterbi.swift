import DeepLearning
import Foundation

/// P07-E03 · Viterbi decoding with transition constraints. Docs/P07.md#p07-e03
///
/// The best path of a CRF (the same scores as P07-E02): δ₀[j] = start[j] + emissions[0][j];
/// δₜ[j] = maxᵢ(δₜ₋₁[i] + transitions[i][j]) + emissions[t][j], remembering the best i;
/// the last tag maximises δ_{L−1}[j] + end[j]; follow the remembered tags back.
///
/// `allowed` forbids moves: a tag j with `allowed.start[j] == false` may not begin the
/// path, j may follow i only when `allowed.transitions[i][j]`, and the path may end in j
/// only when `allowed.end[j]`. Treat a forbidden move's score as −∞. Return the path and
/// its score s(path). On equal scores keep the smallest tag index (so the result is the
/// same as pytorch-crf's, which takes the first maximum).
public func viterbiDecode(
    emissions: [[Double]], transitions: [[Double]], start: [Double], end: [Double],
    allowed: TransitionConstraints? = nil
) throws -> (path: [Int], score: Double) {
    precondition(!emissions.isEmpty, "viterbiDecode: a sentence has at least one position")
    // BEGIN SOLUTION
    let k = start.count
    let rules = allowed ?? .none(tags: k)
    func score(_ allowed: Bool, _ value: Double) -> Double { allowed ? value : -.infinity }
    var best = (0..<k).map { score(rules.start[$0], start[$0]) + emissions[0][$0] }
    var backPointers: [[Int]] = []
    for t in 1..<emissions.count {
        var next = [Double](repeating: -.infinity, count: k), from = [Int](repeating: 0, count: k)
        for j in 0..<k {
            for i in 0..<k {
                let candidate = best[i] + score(rules.transitions[i][j], transitions[i][j])
                if candidate > next[j] { (next[j], from[j]) = (candidate, i) }
            }
            next[j] += emissions[t][j]
        }
        best = next
        backPointers.append(from)
    }
    let final = (0..<k).map { best[$0] + score(rules.end[$0], end[$0]) }
    var tag = 0
    for j in 1..<k where final[j] > final[tag] { tag = j }
    var path = [tag]
    for from in backPointers.reversed() {
        tag = from[tag]
        path.append(tag)
    }
    return (path.reversed(), final.max()!)
    // END SOLUTION
}
