import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M01

@Suite(.exercise("M01-E03")) struct M01_E03_Hidden {
    @Test(arguments: [(1, 5, 2), (7, 3, 4)])
    func matchesFiniteDifferences(n: Int, d: Int, m: Int) throws {
        let x = randomTensor([n, d], seed: 31), w = randomTensor([m, d], seed: 32), b = randomTensor([m], seed: 33)
        let g = randomTensor([n, m], seed: 34)
        let grads = try linearBackward(x: x, weight: w, gradOutput: g)
        try checkGradient(of: { $0.matmul(w.T) + b }, at: x, analytic: grads.input, seed: g, "∂L/∂x")
        try checkGradient(of: { x.matmul($0.T) + b }, at: w, analytic: grads.weight, seed: g, "∂L/∂W")
        try checkGradient(of: { x.matmul(w.T) + $0 }, at: b, analytic: grads.bias, seed: g, "∂L/∂b")
    }
}
