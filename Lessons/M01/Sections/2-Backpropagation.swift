import DeepLearning
import Foundation
import Workbook

/// Section 2: the gradients of one two-layer network computed three ways —
/// by the chain rule (exercise M01-E05), by autograd, and by finite differences.
func backpropagation(_ lesson: LessonContext) throws {
    Random.seed(2)
    let digits = try Digits.load(flatten: true)
    let batch = DataLoader(digits, batchSize: 32, shuffle: true, seed: 2).first { _ in true }!
    let x = batch.input.to(.float64), labels = batch.target
    let parameters = TwoLayerParameters(
        w1: Tensor.randn([32, 64], std: 0.1, dtype: .float64), b1: Tensor.zeros([32], dtype: .float64),
        w2: Tensor.randn([10, 32], std: 0.1, dtype: .float64), b2: Tensor.zeros([10], dtype: .float64))
    print("Network: 64 pixels → 32 ReLU units → 10 scores, softmax cross-entropy, a batch of 32 UCI digits, float64.")

    // Autograd: the same forward pass, recorded, then `backward()`.
    let leaves = [parameters.w1, parameters.b1, parameters.w2, parameters.b2].map { p -> Tensor in
        let leaf = p.detach()
        leaf.requiresGrad = true
        return leaf
    }
    let scores = (x.matmul(leaves[0].T) + leaves[1]).relu().matmul(leaves[2].T) + leaves[3]
    let loss = crossEntropy(scores, labels)
    loss.backward()
    print("Loss: \(String(format: "%.6f", loss.item))")

    if let (manualLoss, manual) = lesson.exercise("M01-E05", { try twoLayerLossAndGradients(x: x, labels: labels, parameters: parameters) }) {
        print("Your chain-rule loss: \(String(format: "%.6f", manualLoss))")
        print("  parameter   max |by hand − autograd|   relative error")
        for (name, mine, auto) in zip4(["W1", "b1", "W2", "b2"], [manual.w1, manual.b1, manual.w2, manual.b2], leaves.map { $0.grad! }) {
            let difference = (mine - auto).abs().max().item
            let relative = difference / max(1e-8, (mine.abs() + auto.abs()).max().item)
            print("  \(name.padding(toLength: 10, withPad: " ", startingAt: 0))  \(String(format: "%22.3e", difference))   \(String(format: "%.3e", relative))")
        }
    }

    // Finite differences: nudge a few weights of W1 by ±h and watch the loss. In each of
    // five hidden units' rows, the weight with the largest gradient (many pixels are blank).
    print("Finite differences on five entries of W1 (h = 1e-5):")
    let h = 1e-5
    let gradient = leaves[0].grad!.doubles
    let entries = stride(from: 3, to: 32, by: 6).map { row in (row * 64..<(row + 1) * 64).max { abs(gradient[$0]) < abs(gradient[$1]) }! }
    for index in entries {
        func lossWith(_ delta: Double) -> Double {
            let w1 = parameters.w1.clone()
            w1.withDoubles { $0[index] += delta }
            return noGrad { crossEntropy((x.matmul(w1.T) + parameters.b1).relu().matmul(parameters.w2.T) + parameters.b2, labels).item }
        }
        let numeric = (lossWith(h) - lossWith(-h)) / (2 * h)
        let analytic = gradient[index]
        let relative = abs(numeric - analytic) / max(1e-8, abs(numeric) + abs(analytic))
        print(
            "  W1[\(index / 64), \(index % 64)]: numeric \(String(format: "% .8f", numeric))  autograd \(String(format: "% .8f", analytic))  relative error \(String(format: "%.1e", relative))"
        )
    }
}

func zip4<A, B, C>(_ a: [A], _ b: [B], _ c: [C]) -> [(A, B, C)] {
    zip(a, zip(b, c)).map { ($0, $1.0, $1.1) }
}
