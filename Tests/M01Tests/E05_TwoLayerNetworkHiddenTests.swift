import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M01

@Suite(.exercise("M01-E05")) struct M01_E05_Hidden {
    @Test func matchesAutogradOnALargerNetwork() throws {
        let x = randomTensor([16, 10], seed: 51)
        let labels = Tensor(ints: (0..<16).map { $0 % 7 })
        let p = TwoLayerParameters(
            w1: randomTensor([12, 10], seed: 52, scale: 0.5), b1: randomTensor([12], seed: 53, scale: 0.1),
            w2: randomTensor([7, 12], seed: 54, scale: 0.5), b2: randomTensor([7], seed: 55, scale: 0.1))
        let leaves = [p.w1, p.b1, p.w2, p.b2].map { t -> Tensor in
            let leaf = t.detach(); leaf.requiresGrad = true; return leaf
        }
        let loss = crossEntropy((x.matmul(leaves[0].T) + leaves[1]).relu().matmul(leaves[2].T) + leaves[3], labels)
        ExerciseTwins.unwatched { loss.backward() }
        let (manualLoss, grads) = try twoLayerLossAndGradients(x: x, labels: labels, parameters: p)
        try checkClose([manualLoss], [loss.item], rtol: 1e-10, "loss")
        for (name, mine, auto) in [("W1", grads.w1, leaves[0]), ("b1", grads.b1, leaves[1]), ("W2", grads.w2, leaves[2]), ("b2", grads.b2, leaves[3])] {
            try checkClose(mine, auto.grad!, rtol: 1e-9, atol: 1e-12, "∂L/∂\(name)")
        }
    }
}
