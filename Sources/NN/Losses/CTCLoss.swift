import Foundation
import Tensors

/// Connectionist temporal classification loss (`torch.nn.functional.ctc_loss`): the negative
/// log-probability of a label sequence summed over every frame alignment that collapses to it
/// (repeats merged, blanks removed), computed with the forward (α) and backward (β) recursions
/// in log space, in Double.
///
/// With l′ the label sequence with a blank before, between and after its labels (length 2S+1):
///
///     α₀(0) = y₀(blank), α₀(1) = y₀(l′₁)
///     αₜ(s) = yₜ(l′ₛ) · (αₜ₋₁(s) + αₜ₋₁(s−1) + [l′ₛ ≠ blank and l′ₛ ≠ l′ₛ₋₂] · αₜ₋₁(s−2))
///     p(l | x) = α_T−1(2S) + α_T−1(2S−1)
///
/// and β the same recursion run backwards. The gradient with respect to the log-probabilities is
/// −γₜ(c), the posterior probability that frame t emits c: γₜ(c) = Σ_{s: l′ₛ = c} αₜ(s)βₜ(s) / (yₜ(c) p).
/// (PyTorch's own backward returns exp(log y) − γ, the gradient that the logits get through a
/// log-softmax; both give the same gradient to the logits.)
///
/// ```swift
/// let logits = Tensor.randn([50, 2, 20], requiresGrad: true)       // [T, N, C]
/// let loss = ctcLoss(logits.logSoftmax(axis: 2), targets: [[3, 3, 7], [1]], inputLengths: [50, 40])
/// loss.backward()
/// ```
/// - Parameters:
///   - logProbs: `[T, N, C]` log-probabilities (a log-softmax over C).
///   - targets: one label sequence per sample, labels in `0..<C` other than `blank`.
///   - inputLengths: frames used per sample (≤ T); later frames get no gradient.
///   - reduction: `.mean` divides each loss by its target length (at least 1) and averages over the
///     batch, as PyTorch; `.sum` adds; `.none` returns `[N]`.
///   - zeroInfinity: an impossible alignment (too few frames) costs 0 with a zero gradient instead of +∞.
public func ctcLoss(
    _ logProbs: Tensor, targets: [[Int]], inputLengths: [Int], blank: Int = 0,
    reduction: Reduction = .mean, zeroInfinity: Bool = false
) -> Tensor {
    ExerciseTwins.called("ctcLoss", twinOf: ["P03-E01"])
    precondition(logProbs.rank == 3, "ctcLoss: logProbs must be [T, N, C], got shape \(logProbs.shape)")
    precondition(logProbs.dtype.isFloatingPoint, "ctcLoss: logProbs must be floating point, got \(logProbs.dtype)")
    let (frames, batch, classes) = (logProbs.shape[0], logProbs.shape[1], logProbs.shape[2])
    precondition(
        targets.count == batch && inputLengths.count == batch,
        "ctcLoss: \(targets.count) targets and \(inputLengths.count) input lengths for a batch of \(batch)")
    precondition(blank >= 0 && blank < classes, "ctcLoss: blank \(blank) is not a class of \(classes)")
    for (n, target) in targets.enumerated() {
        precondition(inputLengths[n] >= 0 && inputLengths[n] <= frames, "ctcLoss: input length \(inputLengths[n]) of sample \(n) is not in 0...\(frames)")
        precondition(
            target.allSatisfy { $0 >= 0 && $0 < classes && $0 != blank },
            "ctcLoss: target of sample \(n) has a label outside 0..<\(classes) or equal to the blank \(blank)")
    }
    let values = logProbs.doubles
    var losses = [Double](repeating: 0, count: batch)
    var gradient = [Double](repeating: 0, count: values.count)  // d loss_n / d logProbs, per sample
    for n in 0..<batch {
        let sample = CTCAlignment(
            values, frames: inputLengths[n], batch: batch, classes: classes, sample: n,
            target: targets[n], blank: blank)
        if sample.logLikelihood == -.infinity && zeroInfinity { continue }
        losses[n] = -sample.logLikelihood
        sample.addGradient(to: &gradient)
    }
    let scales: [Double]
    switch reduction {
    case .none, .sum: scales = [Double](repeating: 1, count: batch)
    case .mean: scales = targets.map { 1 / Double(max($0.count, 1)) / Double(batch) }
    }
    let out: Tensor
    switch reduction {
    case .none: out = Tensor(losses, shape: [batch], dtype: logProbs.dtype)
    case .sum, .mean: out = Tensor(zip(losses, scales).reduce(0) { $0 + $1.0 * $1.1 }, dtype: logProbs.dtype)
    }
    return out.recorded("ctcLoss", [logProbs]) { g, _ in
        let upstream = g.doubles
        var grad = gradient
        for i in grad.indices {
            let n = (i / classes) % batch
            grad[i] *= scales[n] * (reduction == .none ? upstream[n] : upstream[0])
        }
        return [Tensor(grad, shape: [frames, batch, classes], dtype: logProbs.dtype)]
    }
}

/// The α and β tables of one sample, in log space.
private struct CTCAlignment {
    let values: [Double], frames: Int, batch: Int, classes: Int, sample: Int
    let labels: [Int]  // l′: blank, l₁, blank, l₂, ..., blank
    var alpha: [[Double]] = [], beta: [[Double]] = []
    var logLikelihood = -Double.infinity

    init(_ values: [Double], frames: Int, batch: Int, classes: Int, sample: Int, target: [Int], blank: Int) {
        (self.values, self.frames, self.batch, self.classes, self.sample) = (values, frames, batch, classes, sample)
        labels = [blank] + target.flatMap { [$0, blank] }
        guard frames > 0 else { return }
        let count = labels.count
        alpha = [[Double]](repeating: [Double](repeating: -.infinity, count: count), count: frames)
        beta = alpha
        alpha[0][0] = logY(0, labels[0])
        if count > 1 { alpha[0][1] = logY(0, labels[1]) }
        for t in 1..<max(frames, 1) {
            for s in 0..<count {
                var sum = alpha[t - 1][s]
                if s >= 1 { sum = logAdd(sum, alpha[t - 1][s - 1]) }
                if canSkip(s) { sum = logAdd(sum, alpha[t - 1][s - 2]) }
                alpha[t][s] = sum + logY(t, labels[s])
            }
        }
        let last = frames - 1
        beta[last][count - 1] = logY(last, labels[count - 1])
        if count > 1 { beta[last][count - 2] = logY(last, labels[count - 2]) }
        for t in stride(from: last - 1, through: 0, by: -1) {
            for s in 0..<count {
                var sum = beta[t + 1][s]
                if s + 1 < count { sum = logAdd(sum, beta[t + 1][s + 1]) }
                if s + 2 < count && canSkip(s + 2) { sum = logAdd(sum, beta[t + 1][s + 2]) }
                beta[t][s] = sum + logY(t, labels[s])
            }
        }
        logLikelihood = count > 1 ? logAdd(alpha[last][count - 1], alpha[last][count - 2]) : alpha[last][0]
    }

    /// A label may follow the one two places back directly when the blank between them is optional.
    func canSkip(_ s: Int) -> Bool { s >= 2 && labels[s] != labels[0] && labels[s] != labels[s - 2] }

    func index(_ t: Int, _ c: Int) -> Int { (t * batch + sample) * classes + c }
    func logY(_ t: Int, _ c: Int) -> Double { values[index(t, c)] }

    /// Adds −γₜ(c) for every frame and class of this sample.
    func addGradient(to gradient: inout [Double]) {
        guard logLikelihood > -.infinity else {
            for t in 0..<frames { for c in 0..<classes { gradient[index(t, c)] = .nan } }
            return
        }
        for t in 0..<frames {
            var occupancy = [Double](repeating: -.infinity, count: classes)  // log Σ_{s: l′ₛ = c} αβ
            for s in labels.indices { occupancy[labels[s]] = logAdd(occupancy[labels[s]], alpha[t][s] + beta[t][s]) }
            for c in 0..<classes where occupancy[c] > -.infinity {
                gradient[index(t, c)] = -Foundation.exp(occupancy[c] - logY(t, c) - logLikelihood)
            }
        }
    }
}

/// log(eᵃ + eᵇ) without overflow.
@inline(__always)
private func logAdd(_ a: Double, _ b: Double) -> Double {
    if a == -.infinity { return b }
    if b == -.infinity { return a }
    return max(a, b) + Foundation.log1p(Foundation.exp(-abs(a - b)))
}
