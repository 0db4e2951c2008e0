import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M03

@Suite(.exercise("M03-E07")) struct M03_E07_Hidden {
    @Test func agreesWithTheLibraryLayerAndDifferentiates() throws {
        let mha = Random.withSeed(71) { MultiheadAttention(embedDim: 6, numHeads: 3, batchFirst: true) }
        let x = Random.withSeed(72) { Tensor.randn([2, 5, 6]) }
        let (expected, expectedWeights) = ExerciseTwins.unwatched { mha(x, x, x) }
        let (output, weights) = try multiHeadSelfAttention(
            x, heads: 3, inWeight: mha.inProjWeight, inBias: mha.inProjBias!,
            outWeight: mha.outProj.weight, outBias: mha.outProj.bias!)
        try checkClose(output, expected, rtol: 1e-4, atol: 1e-6, "output")
        try checkClose(weights, try #require(expectedWeights), rtol: 1e-4, atol: 1e-6, "weights")
        let (w, b, wo, bo) = (
            randomTensor([12, 4], seed: 73, scale: 0.5), randomTensor([12], seed: 74), randomTensor([4, 4], seed: 75), randomTensor([4], seed: 76)
        )
        try checkGradient(
            of: { try multiHeadSelfAttention($0, heads: 2, inWeight: w, inBias: b, outWeight: wo, outBias: bo).output },
            at: randomTensor([1, 3, 4], seed: 77), seed: randomTensor([1, 3, 4], seed: 78), "∂out/∂x")
    }
}
