import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M03

@Suite(.exercise("M03-E02")) struct M03_E02 {
    @Test func weightsMatchPyTorch() throws {
        let f = try fixture("glove")
        try checkClose(try f.values("counts").map { try gloveWeight($0) }, try f.values("weights"), "f(x)")
        #expect(try gloveWeight(100) == 1 && gloveWeight(1e6) == 1)
    }

    @Test func lossAndGradientsMatchPyTorch() throws {
        let f = try fixture("glove")
        let leaves = try ["wordVectors", "contextVectors", "wordBiases", "contextBiases"].map { key -> Tensor in
            let t = try f.tensor(key)
            t.requiresGrad = true
            return t
        }
        let loss = try gloveLoss(
            wordVectors: leaves[0], contextVectors: leaves[1], wordBiases: leaves[2], contextBiases: leaves[3],
            counts: try f.values("counts"))
        try checkClose([loss.item], try f.values("loss"), shape: [], "J")
        loss.backward()
        for (leaf, key) in zip(leaves, ["gradWordVectors", "gradContextVectors", "gradWordBiases", "gradContextBiases"]) {
            try checkClose(try #require(leaf.grad), try f.tensor(key), key)
        }
    }
}

/// The finite-difference check of the grader's hidden tests, on other inputs: the
/// message a student reads here is the one the grader gives.
extension M03_E02 {
    @Test func matchesFiniteDifferencesOnOtherInputs() throws {
        let (wt, b, bt) = (randomTensor([3, 2], seed: 3021), randomTensor([3], seed: 3022), randomTensor([3], seed: 3023))
        let counts = [1.0, 12, 150]
        try checkGradient(
            of: { try gloveLoss(wordVectors: $0, contextVectors: wt, wordBiases: b, contextBiases: bt, counts: counts, xMax: 100) },
            at: randomTensor([3, 2], seed: 3024), "∂J/∂w")
    }
}
