import Foundation
import Testing
@testable import NN

/// Initialisers draw from our own generator, so they are checked by their
/// bounds and moments (PyTorch's formulas), not against PyTorch's samples.
@Suite struct InitTests {
    private func moments(_ t: Tensor) -> (mean: Double, std: Double, maxAbs: Double) {
        let v = t.doubles
        let mean = v.reduce(0, +) / Double(v.count)
        let variance = v.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(v.count)
        return (mean, variance.squareRoot(), v.map(abs).max()!)
    }

    @Test func fansAndGains() {
        #expect(Init.fans([64, 32, 3, 3]) == (fanIn: 288, fanOut: 576))
        #expect(Init.gain(for: .relu) == 2.0.squareRoot())
        #expect(abs(Init.gain(for: .leakyRelu(5.0.squareRoot())) - (1.0 / 3).squareRoot()) < 1e-12)
        #expect(Init.gain(for: .tanh) == 5.0 / 3)
    }

    @Test func xavierAndKaimingHaveTheirVariance() {
        Random.seed(4)
        let w = Tensor.zeros([300, 200])
        let xavierBound = (6.0 / 500).squareRoot()
        var m = moments(Init.xavierUniform(w))
        #expect(m.maxAbs <= xavierBound && m.maxAbs > 0.99 * xavierBound)
        #expect(abs(m.std - xavierBound / 3.0.squareRoot()) < 0.01 * xavierBound)
        m = moments(Init.xavierNormal(w, gain: 2))
        #expect(abs(m.std - 2 * (2.0 / 500).squareRoot()) < 0.02 * m.std)
        m = moments(Init.kaimingNormal(w, mode: .fanOut, nonlinearity: .relu))
        #expect(abs(m.std - (2.0 / 300).squareRoot()) < 0.02 * m.std)
        m = moments(Init.kaimingUniform(w))  // leaky ReLU, a = 0: bound √(6 / fanIn)
        #expect(m.maxAbs <= (6.0 / 200).squareRoot() && m.maxAbs > 0.99 * (6.0 / 200).squareRoot())
        #expect(abs(m.mean) < 0.01)
    }

    @Test func pytorchDefaultsForLinearAndEmbedding() {
        Random.seed(5)
        let fc = Linear(400, 300)
        let bound = 1 / 400.0.squareRoot()
        let w = moments(fc.weight), b = moments(fc.bias!)
        #expect(w.maxAbs <= bound && w.maxAbs > 0.99 * bound)
        #expect(abs(w.std - bound / 3.0.squareRoot()) < 0.02 * w.std)
        #expect(b.maxAbs <= bound)
        let e = moments(Embedding(500, 40).weight)
        #expect(abs(e.std - 1) < 0.02 && abs(e.mean) < 0.02)
    }

    @Test func constants() {
        let t = Tensor.randn([3, 2])
        #expect(Init.zeros(t).scalars.allSatisfy { $0 == 0 })
        #expect(Init.ones(t).scalars.allSatisfy { $0 == 1 })
        #expect(Init.constant(t, 0.5).scalars.allSatisfy { $0 == 0.5 })
    }
}
