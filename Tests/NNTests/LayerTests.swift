import Foundation
import Testing
import Workbook
@testable import NN

/// Layers against PyTorch (Fixtures/layers.json) and finite differences.
@Suite struct LayerTests {
    let fixtures: JSONFixture
    init() throws { fixtures = try JSONFixture.load("layers.json", from: .module) }

    /// Checks y and the gradients of sum(y * upstream) against the record.
    private func check(_ record: JSONFixture, _ y: Tensor, _ x: Tensor?, _ params: [String: Tensor]) {
        #expect(close(y, record["y"].record()))
        (y * record["upstream"].record()).sum().backward()
        if let x { #expect(close(x.grad!, record["dx"].record(), rtol: 1e-4, atol: 1e-5)) }
        for (name, p) in params { #expect(close(p.grad!, record["d" + name].record(), rtol: 1e-4, atol: 1e-5), "gradient of \(name)") }
    }

    @Test func linearMatchesTorch() {
        let r = fixtures["linear"]
        let fc = Linear(5, 3)
        fc.weight.assign(r["weight"].record())
        fc.bias!.assign(r["bias"].record())
        let x = r["x"].record()
        x.requiresGrad = true
        check(r, fc(x), x, ["weight": fc.weight, "bias": fc.bias!])
    }

    @Test func linearGradientsMatchFiniteDifferences() {
        Random.seed(1)
        let x = Tensor.randn([2, 3, 4], dtype: .float64), w = Tensor.randn([5, 4], dtype: .float64), b = Tensor.randn([5], dtype: .float64)
        let g = Tensor.randn([2, 3, 5], dtype: .float64)
        #expect(gradientError(of: { (linear($0, w, b) * g).sum() }, at: x) < 1e-7)
        #expect(gradientError(of: { (linear(x, $0, b) * g).sum() }, at: w) < 1e-7)
        #expect(gradientError(of: { (linear(x, w, $0) * g).sum() }, at: b) < 1e-7)
        #expect(close(linear(x, w, b), x.matmul(w.T) + b, rtol: 1e-12))
    }

    @Test func linearShapeErrorNamesBothShapes() async {
        await #expect(processExitsWith: .failure) {
            _ = Linear(4, 2)(Tensor.zeros([3, 5]))
        }
    }

    @Test func batchNormTrainingMatchesTorch() {
        let r = fixtures["batchnorm1d"]
        let bn = BatchNorm1d(4)
        bn.weight!.assign(r["weight"].record())
        bn.bias!.assign(r["bias"].record())
        let x = r["x"].record()
        x.requiresGrad = true
        check(r, bn(x), x, ["weight": bn.weight!, "bias": bn.bias!])
        #expect(close(bn.runningMean, r["running_mean"].record()))
        #expect(close(bn.runningVar, r["running_var"].record()))
        #expect(bn.numBatchesTracked.item == 1)
        bn.eval()
        #expect(close(bn(r["x_eval"].record()), r["y_eval"].record(), rtol: 1e-4, atol: 1e-5))
    }

    @Test func batchNormOverSequencesMatchesTorch() {
        let r = fixtures["batchnorm1d_3d"]
        let bn = BatchNorm1d(3)
        let x = r["x"].record()
        x.requiresGrad = true
        check(r, bn(x), x, ["weight": bn.weight!, "bias": bn.bias!])
        #expect(close(bn.runningVar, r["running_var"].record()))
    }

    @Test func batchNormGradientMatchesFiniteDifferences() {
        Random.seed(2)
        let x = Tensor.randn([5, 3], dtype: .float64), g = Tensor.randn([5, 3], dtype: .float64)
        let w = Tensor.randn([3], dtype: .float64)
        #expect(gradientError(of: { (batchNorm($0, runningMean: nil, runningVar: nil, weight: w, training: true) * g).sum() }, at: x) < 1e-6)
    }

    @Test func layerNormMatchesTorch() {
        let r = fixtures["layernorm"]
        let ln = LayerNorm([4, 5])
        ln.weight!.assign(r["weight"].record())
        ln.bias!.assign(r["bias"].record())
        let x = r["x"].record()
        x.requiresGrad = true
        check(r, ln(x), x, ["weight": ln.weight!, "bias": ln.bias!])
    }

    @Test func embeddingMatchesTorchAndSkipsPaddingRow() {
        let r = fixtures["embedding"]
        let emb = Embedding(10, 4, paddingIndex: 0)
        #expect(emb.weight.scalars[0..<4].allSatisfy { $0 == 0 })
        emb.weight.assign(r["weight"].record())
        let y = emb(r["indices"].record(dtype: .int64))
        #expect(close(y, r["y"].record()))
        (y * r["upstream"].record()).sum().backward()
        #expect(close(emb.weight.grad!, r["dweight"].record()))
    }

    @Test func dropoutStatistics() {
        Random.seed(3)
        let x = Tensor.ones([200, 100])
        let y = dropout(x, p: 0.3, training: true)
        let values = y.scalars
        let zeros = Double(values.filter { $0 == 0 }.count) / Double(values.count)
        #expect(abs(zeros - 0.3) < 0.015)  // 20,000 Bernoulli draws: 4.6 standard deviations
        #expect(values.allSatisfy { $0 == 0 || abs($0 - 1 / 0.7) < 1e-6 })
        #expect(abs(y.mean().item - 1) < 0.03)
        let layer = Dropout(0.5)
        layer.eval()
        #expect(layer(x) === x)
        #expect(dropout(x, p: 1).sum().item == 0)
        // The gradient passes through the kept elements only, with the same scale.
        let leaf = Tensor.ones([50, 20], requiresGrad: true)
        let out = dropout(leaf, p: 0.5)
        out.sum().backward()
        #expect(leaf.grad!.scalars == out.scalars)
    }

    @Test func activationLayersAndFlatten() {
        let x = Tensor([-2, -0.5, 0, 1.5], shape: [2, 2])
        #expect(ReLU()(x).scalars == [0, 0, 0, 1.5])
        #expect(LeakyReLU(negativeSlope: 0.1)(x).scalars == [-0.2, -0.05, 0, 1.5])
        #expect(Identity()(x) === x)
        #expect(close(Softmax()(x).sum(axis: 1), Tensor([1, 1], shape: [2])))
        #expect(close(Sigmoid()(x), x.sigmoid()) && close(Tanh()(x), x.tanh()) && close(SiLU()(x), x.silu()) && close(GELU()(x), x.gelu()))
        #expect(Flatten()(Tensor.zeros([2, 3, 4])).shape == [2, 12])
    }
}
