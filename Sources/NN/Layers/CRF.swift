import Foundation
import Tensors

/// Which tag sequences a `CRF` may decode: whether a sequence may begin with tag j,
/// whether tag j may follow tag i, and whether a sequence may end with tag i.
/// Forbidden moves get a score of −∞ when decoding, so the best path never takes one.
///
/// ```swift
/// let labels = ["O", "B-PER", "I-PER"]
/// let rules = TransitionConstraints(start: [true, true, false],
///                                   transitions: [[true, true, false], [true, true, true], [true, true, true]])
/// crf.decode(emissions, lengths: [5], constraints: rules)   // never O → I-PER, never starts with I-PER
/// ```
public struct TransitionConstraints: Equatable, Sendable {
    public var start: [Bool]
    /// `transitions[i][j]`: may tag j follow tag i.
    public var transitions: [[Bool]]
    public var end: [Bool]

    public init(start: [Bool], transitions: [[Bool]], end: [Bool]? = nil) {
        precondition(
            transitions.count == start.count && transitions.allSatisfy { $0.count == start.count },
            "TransitionConstraints: transitions must be \(start.count)×\(start.count) for \(start.count) start flags")
        precondition(end == nil || end!.count == start.count, "TransitionConstraints: \(end!.count) end flags for \(start.count) tags")
        self.start = start
        self.transitions = transitions
        self.end = end ?? start.map { _ in true }
    }

    /// Every move allowed.
    public static func none(tags: Int) -> TransitionConstraints {
        TransitionConstraints(
            start: Array(repeating: true, count: tags),
            transitions: Array(repeating: Array(repeating: true, count: tags), count: tags))
    }
}

/// A linear-chain conditional random field over `tags` tags (`torchcrf.CRF` with
/// `batch_first=True`). A tag path y₀…y_{L−1} of a sequence with emission scores e scores
///
///     s(y) = start[y₀] + Σₜ e[t, yₜ] + Σₜ₌₁ transitions[yₜ₋₁, yₜ] + end[y_{L−1}]
///
/// and has probability exp(s(y)) / Z, where Z sums exp(s) over all Kᴸ paths. The forward
/// algorithm computes log Z in O(L·K²) in log space; Viterbi finds the best path in the
/// same time. Parameters start uniform in [−0.1, 0.1], as in pytorch-crf.
///
/// ```swift
/// let crf = CRF(tags: 7)
/// let emissions = linear(features)                                   // [batch, time, 7]
/// let loss = crf.negativeLogLikelihood(emissions, tags: gold, lengths: lengths).mean()
/// let paths = crf.decode(emissions, lengths: lengths, constraints: bio)   // [[Int]]
/// ```
public final class CRF: Module {
    /// `[tags, tags]`: the score of moving from tag i (row) to tag j (column).
    public let transitions: Tensor
    /// `[tags]`: the score of beginning a sequence with each tag.
    public let startTransitions: Tensor
    /// `[tags]`: the score of ending a sequence with each tag.
    public let endTransitions: Tensor

    public init(tags: Int) {
        precondition(tags > 0, "CRF: the number of tags must be positive, got \(tags)")
        transitions = Tensor.uniform([tags, tags], low: -0.1, high: 0.1, requiresGrad: true)
        startTransitions = Tensor.uniform([tags], low: -0.1, high: 0.1, requiresGrad: true)
        endTransitions = Tensor.uniform([tags], low: -0.1, high: 0.1, requiresGrad: true)
    }

    public var tagCount: Int { startTransitions.shape[0] }

    /// −log p(tags | emissions) of each sequence, `[batch]`: log Z − s(tags). `emissions` is
    /// `[batch, time, tags]`; positions at or after a sequence's length are ignored.
    public func negativeLogLikelihood(_ emissions: Tensor, tags: [[Int]], lengths: [Int]) -> Tensor {
        ExerciseTwins.called("CRF.negativeLogLikelihood", twinOf: ["P07-E02"])
        return logPartition(emissions, lengths: lengths) - pathScore(emissions, tags: tags, lengths: lengths)
    }

    /// log Z of each sequence, `[batch]`, by the forward algorithm; differentiable (its
    /// gradient is the tag marginals, from the forward–backward algorithm).
    public func logPartition(_ emissions: Tensor, lengths: [Int]) -> Tensor {
        ExerciseTwins.called("CRF.logPartition", twinOf: ["P07-E02"])
        return crfLogPartitionOp(emissions, transitions, startTransitions, endTransitions, lengths: lengths)
    }

    /// s(tags) of each sequence, `[batch]`; differentiable.
    public func pathScore(_ emissions: Tensor, tags: [[Int]], lengths: [Int]) -> Tensor {
        ExerciseTwins.called("CRF.pathScore", twinOf: ["P07-E02"])
        return crfPathScoreOp(emissions, transitions, startTransitions, endTransitions, tags: tags, lengths: lengths)
    }

    /// The highest-scoring tag path of each sequence (Viterbi), only through allowed moves.
    public func decode(_ emissions: Tensor, lengths: [Int], constraints: TransitionConstraints? = nil) -> [[Int]] {
        ExerciseTwins.called("CRF.decode", twinOf: ["P07-E03"])
        let shape = CRFShape(emissions, tags: tagCount, lengths: lengths, op: "CRF.decode")
        let rules = constraints ?? .none(tags: tagCount)
        precondition(rules.start.count == tagCount, "CRF.decode: constraints are for \(rules.start.count) tags, the CRF has \(tagCount)")
        let e = emissions.doubles
        let scores = CRFScores(
            transitions: transitions.doubles, start: startTransitions.doubles, end: endTransitions.doubles,
            tags: tagCount, constraints: rules)
        return (0..<shape.batch).map { b in scores.viterbi(e, offset: b * shape.time * tagCount, length: lengths[b]) }
    }

    public override func forward(_ x: Tensor) -> Tensor {
        preconditionFailure("CRF: call negativeLogLikelihood(_:tags:lengths:) to train and decode(_:lengths:) to predict")
    }

    public override var extraDescription: String { "tags: \(tagCount)" }
}

/// The checked sizes of a CRF call.
private struct CRFShape {
    let batch: Int, time: Int

    init(_ emissions: Tensor, tags: Int, lengths: [Int], op: String) {
        precondition(
            emissions.rank == 3 && emissions.shape[2] == tags,
            "\(op): emissions must be [batch, time, \(tags)], got \(emissions.shape)")
        (batch, time) = (emissions.shape[0], emissions.shape[1])
        precondition(lengths.count == batch, "\(op): \(lengths.count) lengths for a batch of \(batch)")
        precondition(lengths.allSatisfy { $0 >= 1 && $0 <= time }, "\(op): every length must be within 1...\(time), got \(lengths)")
    }
}

/// The CRF's parameters as plain numbers, with forbidden moves at −∞.
private struct CRFScores {
    let transitions: [Double], start: [Double], end: [Double], tags: Int

    init(transitions: [Double], start: [Double], end: [Double], tags: Int, constraints: TransitionConstraints? = nil) {
        self.tags = tags
        guard let c = constraints else { (self.transitions, self.start, self.end) = (transitions, start, end); return }
        self.transitions = transitions.indices.map { c.transitions[$0 / tags][$0 % tags] ? transitions[$0] : -.infinity }
        self.start = start.indices.map { c.start[$0] ? start[$0] : -.infinity }
        self.end = end.indices.map { c.end[$0] ? end[$0] : -.infinity }
    }

    /// alpha[t·K + j]: log of the summed exp-scores of all paths through positions 0...t ending in j.
    func forward(_ e: [Double], offset: Int, length: Int) -> (alpha: [Double], logZ: Double) {
        let k = tags
        var alpha = [Double](repeating: 0, count: length * k)
        for j in 0..<k { alpha[j] = start[j] + e[offset + j] }
        var terms = [Double](repeating: 0, count: k)
        for t in 1..<length {
            for j in 0..<k {
                for i in 0..<k { terms[i] = alpha[(t - 1) * k + i] + transitions[i * k + j] }
                alpha[t * k + j] = logSumExp(terms) + e[offset + t * k + j]
            }
        }
        let last = (0..<k).map { alpha[(length - 1) * k + $0] + end[$0] }
        return (alpha, logSumExp(last))
    }

    /// beta[t·K + i]: log of the summed exp-scores of all continuations after position t in tag i.
    func backward(_ e: [Double], offset: Int, length: Int) -> [Double] {
        let k = tags
        var beta = [Double](repeating: 0, count: length * k)
        for i in 0..<k { beta[(length - 1) * k + i] = end[i] }
        var terms = [Double](repeating: 0, count: k)
        for t in stride(from: length - 2, through: 0, by: -1) {
            for i in 0..<k {
                for j in 0..<k { terms[j] = transitions[i * k + j] + e[offset + (t + 1) * k + j] + beta[(t + 1) * k + j] }
                beta[t * k + i] = logSumExp(terms)
            }
        }
        return beta
    }

    func viterbi(_ e: [Double], offset: Int, length: Int) -> [Int] {
        let k = tags
        var best = (0..<k).map { start[$0] + e[offset + $0] }
        var backPointers = [[Int]]()
        for t in 1..<length {
            var next = [Double](repeating: -.infinity, count: k)
            var from = [Int](repeating: 0, count: k)
            for j in 0..<k {
                for i in 0..<k where best[i] + transitions[i * k + j] > next[j] {
                    next[j] = best[i] + transitions[i * k + j]
                    from[j] = i
                }
                next[j] += e[offset + t * k + j]
            }
            best = next
            backPointers.append(from)
        }
        var tag = (0..<k).max { best[$0] + end[$0] < best[$1] + end[$1] }!
        var path = [tag]
        for from in backPointers.reversed() {
            tag = from[tag]
            path.append(tag)
        }
        return path.reversed()
    }
}

private func logSumExp(_ x: [Double]) -> Double {
    let m = x.max() ?? -.infinity
    guard m.isFinite else { return m }
    return m + log(x.reduce(0) { $0 + exp($1 - m) })
}

/// log Z of each sequence as one recorded op. Backward: ∂log Z/∂e[t, k] is the marginal
/// p(yₜ = k), ∂log Z/∂transitions[i, j] the expected count of i → j moves, ∂log Z/∂start
/// and ∂log Z/∂end the marginals of the first and last tag.
func crfLogPartitionOp(_ emissions: Tensor, _ transitions: Tensor, _ start: Tensor, _ end: Tensor, lengths: [Int]) -> Tensor {
    let k = start.shape[0]
    let shape = CRFShape(emissions, tags: k, lengths: lengths, op: "CRF.logPartition")
    let e = emissions.doubles
    let scores = CRFScores(transitions: transitions.doubles, start: start.doubles, end: end.doubles, tags: k)
    let step = shape.time * k
    let forwards = (0..<shape.batch).map { scores.forward(e, offset: $0 * step, length: lengths[$0]) }
    let output = Tensor(forwards.map(\.logZ), shape: [shape.batch], dtype: emissions.dtype)
    return output.recorded("crfLogPartition", [emissions, transitions, start, end]) { g, _ in
        let g = g.doubles
        var dE = [Double](repeating: 0, count: e.count), dT = [Double](repeating: 0, count: k * k)
        var dS = [Double](repeating: 0, count: k), dEnd = [Double](repeating: 0, count: k)
        for b in 0..<shape.batch {
            let (alpha, logZ) = forwards[b], length = lengths[b], offset = b * step
            let beta = scores.backward(e, offset: offset, length: length)
            for t in 0..<length {
                for j in 0..<k {
                    let marginal = exp(alpha[t * k + j] + beta[t * k + j] - logZ)
                    dE[offset + t * k + j] = g[b] * marginal
                    if t == 0 { dS[j] += g[b] * marginal }
                    if t == length - 1 { dEnd[j] += g[b] * marginal }
                    guard t > 0 else { continue }
                    let arrive = e[offset + t * k + j] + beta[t * k + j] - logZ
                    for i in 0..<k {
                        dT[i * k + j] += g[b] * exp(alpha[(t - 1) * k + i] + scores.transitions[i * k + j] + arrive)
                    }
                }
            }
        }
        return [
            Tensor(dE, shape: emissions.shape, dtype: emissions.dtype), Tensor(dT, shape: [k, k], dtype: transitions.dtype),
            Tensor(dS, shape: [k], dtype: start.dtype), Tensor(dEnd, shape: [k], dtype: end.dtype),
        ]
    }
}

/// s(tags) of each sequence as one recorded op; its gradient counts how often each
/// emission, move, first and last tag is on the path.
func crfPathScoreOp(
    _ emissions: Tensor, _ transitions: Tensor, _ start: Tensor, _ end: Tensor,
    tags: [[Int]], lengths: [Int]
) -> Tensor {
    let k = start.shape[0]
    let shape = CRFShape(emissions, tags: k, lengths: lengths, op: "CRF.pathScore")
    precondition(
        tags.count == shape.batch && zip(tags, lengths).allSatisfy { $0.count >= $1 },
        "CRF.pathScore: need a tag list at least as long as its length for each of the \(shape.batch) sequences")
    precondition(tags.allSatisfy { $0.allSatisfy { (0..<k).contains($0) } }, "CRF.pathScore: tags must be within 0..<\(k)")
    let e = emissions.doubles, trans = transitions.doubles, s = start.doubles, en = end.doubles
    let step = shape.time * k
    let scores = (0..<shape.batch).map { b -> Double in
        let y = tags[b], length = lengths[b]
        var total = s[y[0]] + en[y[length - 1]]
        for t in 0..<length { total += e[b * step + t * k + y[t]] }
        for t in 1..<length { total += trans[y[t - 1] * k + y[t]] }
        return total
    }
    let output = Tensor(scores, shape: [shape.batch], dtype: emissions.dtype)
    return output.recorded("crfPathScore", [emissions, transitions, start, end]) { g, _ in
        let g = g.doubles
        var dE = [Double](repeating: 0, count: e.count), dT = [Double](repeating: 0, count: k * k)
        var dS = [Double](repeating: 0, count: k), dEnd = [Double](repeating: 0, count: k)
        for b in 0..<shape.batch {
            let y = tags[b], length = lengths[b]
            dS[y[0]] += g[b]
            dEnd[y[length - 1]] += g[b]
            for t in 0..<length { dE[b * step + t * k + y[t]] += g[b] }
            for t in 1..<length { dT[y[t - 1] * k + y[t]] += g[b] }
        }
        return [
            Tensor(dE, shape: emissions.shape, dtype: emissions.dtype), Tensor(dT, shape: [k, k], dtype: transitions.dtype),
            Tensor(dS, shape: [k], dtype: start.dtype), Tensor(dEnd, shape: [k], dtype: end.dtype),
        ]
    }
}
