import Foundation
import Testing
import Workbook
@testable import NN

/// Attention against PyTorch (Fixtures/attention.json) and finite differences.
@Suite struct SequenceAttentionTests {
    let fixtures: JSONFixture
    init() throws { fixtures = try JSONFixture.load("attention.json", from: .module) }

    @Test(arguments: ["sdpa", "sdpa_allowed_mask", "sdpa_additive_mask", "sdpa_causal", "sdpa_float64_allowed"])
    func scaledDotProductAttentionMatchesTorch(_ name: String) {
        let torch = TorchCase(fixtures, name)
        let (q, k, v) = (torch.leaf("q"), torch.leaf("k"), torch.leaf("v"))
        var mask: AttentionMask?
        if torch.record.optional("allowed") != nil { mask = .allowed(torch.tensor("allowed")) }
        if torch.record.optional("additive") != nil { mask = .additive(torch.tensor("additive")) }
        let (output, weights) = scaledDotProductAttention(q, k, v, mask: mask, causal: torch.config["causal"].bool)
        torch.check(outputs: ["output": output, "weights": weights], leaves: ["q": q, "k": k, "v": v])
    }

    @Test(arguments: [
        "mha_self_batch_first_padding", "mha_cross_additive_per_head_weights", "mha_self_no_bias_masked",
        "mha_self_causal",
    ])
    func multiheadAttentionMatchesTorch(_ name: String) throws {
        let torch = TorchCase(fixtures, name)
        let config = torch.config
        let batchFirst = config["batch_first"].bool
        let attention = MultiheadAttention(
            embedDim: config["embed"].int, numHeads: config["heads"].int,
            bias: config["bias"].bool, batchFirst: batchFirst)
        attention.eval()
        torch.load(attention)
        let x = torch.leaf("x")
        var leaves = ["x": x]
        let memory = torch.record.optional("memory") == nil ? x : torch.leaf("memory")
        if memory !== x { leaves["memory"] = memory }
        let padding = config.optional("padding").map { lengths in
            AttentionMask.allowed(paddingMask(lengths: lengths.ints, maxLength: memory.shape[batchFirst ? 1 : 0]))
        }
        var attnMask: AttentionMask?
        if torch.record.optional("allowed") != nil { attnMask = .allowed(torch.tensor("allowed")) }
        if torch.record.optional("additive") != nil { attnMask = .additive(torch.tensor("additive")) }
        let (output, weights) = attention(
            x, memory, memory, keyPaddingMask: padding, attnMask: attnMask,
            averageWeights: config["average"].bool, isCausal: config["causal"].bool)
        torch.check(outputs: ["output": output, "weights": try #require(weights)], leaves: leaves, module: attention)
    }

    @Test func gradientsMatchFiniteDifferences() {
        // A seed whose gradients have no element near zero but the masked keys' (exactly 0
        // on both sides); at a gradient near 1e-5 the elementwise relative error would
        // measure only the round-off of the finite differences.
        Random.seed(11)
        let q = Tensor.randn([2, 3, 4], dtype: .float64), k = Tensor.randn([2, 5, 4], dtype: .float64)
        let v = Tensor.randn([2, 5, 3], dtype: .float64)
        let upstream = Tensor.randn([2, 3, 3], dtype: .float64), upstreamWeights = Tensor.randn([2, 3, 5], dtype: .float64)
        let mask = AttentionMask.allowed(paddingMask(lengths: [5, 2], maxLength: 5, dtype: .float64).reshape([2, 1, 5]))
        func loss(_ q: Tensor, _ k: Tensor, _ v: Tensor) -> Tensor {
            let (y, w) = scaledDotProductAttention(q, k, v, mask: mask)
            return (y * upstream).sum() + (w * upstreamWeights).sum()
        }
        #expect(gradientError(of: { loss($0, k, v) }, at: q) < 1e-7)
        #expect(gradientError(of: { loss(q, $0, v) }, at: k) < 1e-7)
        #expect(gradientError(of: { loss(q, k, $0) }, at: v) < 1e-7)
        let scores = Tensor.randn([3, 4], dtype: .float64)
        #expect(
            gradientError(
                of: {
                    (scaledMaskedSoftmax($0, scale: 0.7, mask: mask.additive(.float64)[1].slice(axis: 1, end: 4)) * upstreamWeights[0].slice(axis: 1, end: 4))
                        .sum()
                }, at: scores) < 1e-7)
    }

    @Test func maskedKeysGetExactlyZeroWeight() {
        Random.seed(8)
        let x = Tensor.randn([2, 4, 6])
        let (_, weights) = scaledDotProductAttention(
            x, x, x, mask: .allowed(paddingMask(lengths: [4, 2], maxLength: 4).reshape([2, 1, 4])),
            causal: true)
        let w = weights.doubles
        for b in 0..<2 {
            for i in 0..<4 {
                let row = Array(w[(b * 4 + i) * 4..<(b * 4 + i + 1) * 4])
                for j in 0..<4 where j > i || (b == 1 && j >= 2) { #expect(row[j] == 0, "batch \(b) query \(i) key \(j)") }
                #expect(abs(row.reduce(0, +) - 1) < 1e-6)
            }
        }
        // An int64 mask (Text's `padBatch(...).mask`) means the same as a float one.
        let intMask = Tensor(ints: [1, 1, 1, 1, 1, 1, 0, 0], shape: [2, 1, 4])
        #expect(close(scaledDotProductAttention(x, x, x, mask: .allowed(intMask), causal: true).weights, weights, rtol: 0, atol: 0))
    }

    @Test func softmaxMatchesTheTensorSoftmax() {
        Random.seed(9)
        let x = Tensor.randn([3, 7]) * 20
        #expect(close(scaledMaskedSoftmax(x, scale: 0.5), (x * 0.5).softmax(axis: -1), rtol: 1e-6, atol: 1e-7))
    }

    @Test func headsSplitAndMergeBack() {
        let x = Tensor((0..<24).map(Float.init), shape: [1, 3, 8])
        let heads = splitHeads(x, heads: 2)
        #expect(heads.shape == [1, 2, 3, 4])
        #expect(heads[0][1][0].scalars == [4, 5, 6, 7])
        #expect(mergeHeads(heads).scalars == x.scalars)
    }

    @Test func moduleHasTorchParameterNamesAndInitialisation() {
        let attention = MultiheadAttention(embedDim: 16, numHeads: 4)
        #expect(attention.namedParameters().map(\.name) == ["in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"])
        #expect(attention.inProjWeight.shape == [48, 16])
        #expect(attention.inProjBias!.doubles.allSatisfy { $0 == 0 } && attention.outProj.bias!.doubles.allSatisfy { $0 == 0 })
        let bound = (6.0 / 64).squareRoot()  // Xavier: √(6 / (fanIn + fanOut)) for [48, 16]
        #expect(attention.inProjWeight.doubles.allSatisfy { abs($0) <= bound })
        #expect(attention.inProjWeight.doubles.map(abs).max()! > 0.9 * bound)
    }

    @Test func shapeErrorsStop() async {
        await #expect(processExitsWith: .failure) {
            _ = MultiheadAttention(embedDim: 10, numHeads: 3)
        }
        await #expect(processExitsWith: .failure) {
            let x = Tensor.zeros([2, 5, 8])
            _ = MultiheadAttention(embedDim: 8, numHeads: 2, batchFirst: true)(x, x, x, keyPaddingMask: .allowed(Tensor.ones([2, 4])))
        }
    }
}
