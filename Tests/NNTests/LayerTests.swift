import Foundation
import Testing
@testable import NN

/// Layers against PyTorch (Fixtures/layers.json) and finite differences.
@Suite struct LayerTests {
    let fixtures: [String: Any]
    init() throws { fixtures = try Fixture.json("layers.json") }

    /// Checks y and the gradients of sum(y * upstream) against the record.
    private func check(_ record: [String: Any], _ y: Tensor, _ x: Tensor?, _ params: [String: Tensor]) {
        #expect(close(y, record.tensor("y")))
        (y * record.tensor("upstream")).sum().backward()
        if let x { #expect(close(x.grad!, record.tensor("dx"), rtol: 1e-4, atol: 1e-5)) }
        for (name, p) in params { #expect(close(p.grad!, record.tensor("d" + name), rtol: 1e-4, atol: 1e-5), "gradient of \(name)") }
    }

    @Test func linearMatchesTorch() {
        let r = fixtures.object("linear")
        let fc = Linear(5, 3)
        fc.weight.assign(r.tensor("weight"))
        fc.bias!.assign(r.tensor("bias"))
        let x = r.tensor("x")
        x.requiresGrad = true
        check(r, fc(x), x, ["weight": fc.weight, "bias": fc.bias!])
    }

    @Test func linearGradientsMatchFiniteDifferences() {
        Random.seed(1)
        let x = Tensor.randn([2, 3, 4], dtype: .float64), w = Tensor.randn([5, 4], dtype: .float64), b = Tensor.randn([5], dtype: .float64)
        let g = Tensor.randn([2, 3, 5], dtype: .float64)
        #expect(gradientCheck(x) { (linear($0, w, b) * g).sum() } < 1e-7)
        #expect(gradientCheck(w) { (linear(x, $0, b) * g).sum() } < 1e-7)
        #expect(gradientCheck(b) { (linear(x, w, $0) * g).sum() } < 1e-7)
        #expect(close(linear(x, w, b), x.matmul(w.T) + b, rtol: 1e-12))
    }

    @Test func linearShapeErrorNamesBothShapes() async {
        await #expect(processExitsWith: .failure) {
            _ = Linear(4, 2)(Tensor.zeros([3, 5]))
        }
    }

    @Test func batchNormTrainingMatchesTorch() {
        let r = fixtures.object("batchnorm1d")
        let bn = BatchNorm1d(4)
        bn.weight!.assign(r.tensor("weight"))
        bn.bias!.assign(r.tensor("bias"))
        let x = r.tensor("x")
        x.requiresGrad = true
        check(r, bn(x), x, ["weight": bn.weight!, "bias": bn.bias!])
        #expect(close(bn.runningMean, r.tensor("running_mean")))
        #expect(close(bn.runningVar, r.tensor("running_var")))
        #expect(bn.numBatchesTracked.item == 1)
        bn.eval()
        #expect(close(bn(r.tensor("x_eval")), r.tensor("y_eval"), rtol: 1e-4, atol: 1e-5))
    }

    @Test func batchNormOverSequencesMatchesTorch() {
        let r = fixtures.object("batchnorm1d_3d")
        let bn = BatchNorm1d(3)
        let x = r.tensor("x")
        x.requiresGrad = true
        check(r, bn(x), x, ["weight": bn.weight!, "bias": bn.bias!])
        #expect(close(bn.runningVar, r.tensor("running_var")))
    }

    @Test func batchNormGradientMatchesFiniteDifferences() {
        Random.seed(2)
        let x = Tensor.randn([5, 3], dtype: .float64), g = Tensor.randn([5, 3], dtype: .float64)
        let w = Tensor.randn([3], dtype: .float64)
        #expect(gradientCheck(x) { (batchNorm($0, runningMean: nil, runningVar: nil, weight: w, training: true) * g).sum() } < 1e-6)
    }

    @Test func layerNormMatchesTorch() {
        let r = fixtures.object("layernorm")
        let ln = LayerNorm([4, 5])
        ln.weight!.assign(r.tensor("weight"))
        ln.bias!.assign(r.tensor("bias"))
        let x = r.tensor("x")
        x.requiresGrad = true
        check(r, ln(x), x, ["weight": ln.weight!, "bias": ln.bias!])
    }

    @Test func embeddingMatchesTorchAndSkipsPaddingRow() {
        let r = fixtures.object("embedding")
        let emb = Embedding(10, 4, paddingIndex: 0)
        #expect(emb.weight.scalars[0..<4].allSatisfy { $0 == 0 })
        emb.weight.assign(r.tensor("weight"))
        let y = emb(r.tensor("indices", dtype: .int64))
        #expect(close(y, r.tensor("y")))
        (y * r.tensor("upstream")).sum().backward()
        #expect(close(emb.weight.grad!, r.tensor("dweight")))
    }

    @Test func dropoutStatistics() {
        Random.seed(3)
        let x = Tensor.ones([200, 100])
        let y = dropout(x, p: 0.3, training: true)
        let values = y.scalars
        let zeros = Double(values.filter { $0 == 0 }.count) / Double(values.count)
        #expect(abs(zeros - 0.3) < 0.015)   // 20,000 Bernoulli draws: 4.6 standard deviations
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
