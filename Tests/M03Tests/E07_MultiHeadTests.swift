import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M03

@Suite(.exercise("M03-E07")) struct M03_E07 {
    @Test func splitAndMergeAreInverses() throws {
        let f = try fixture("multi_head")
        let x = try f.tensor("x")
        let split = try splitIntoHeads(x, heads: 2)
        try checkClose(split, try f.tensor("split"), "split heads")
        try checkClose(try mergeHeads(fromHeads: split), x, "merge(split(x))")
    }

    @Test func matchesTorchMultiheadAttention() throws {
        let f = try fixture("multi_head")
        let (output, weights) = try multiHeadSelfAttention(
            try f.tensor("x"), heads: 2, inWeight: try f.tensor("inWeight"), inBias: try f.tensor("inBias"),
            outWeight: try f.tensor("outWeight"), outBias: try f.tensor("outBias"), allowed: try f.tensor("allowed"))
        try checkClose(output, try f.tensor("output"), "output")
        try checkClose(weights, try f.tensor("weights"), "weights averaged over heads")
    }
}

/// The finite-difference check of the grader's hidden tests, on other inputs: the
/// message a student reads here is the one the grader gives.
extension M03_E07 {
    @Test func matchesFiniteDifferencesOnOtherInputs() throws {
        let (w, b, wo, bo) = (
            randomTensor([12, 4], seed: 3073, scale: 0.5), randomTensor([12], seed: 3074),
            randomTensor([4, 4], seed: 3075), randomTensor([4], seed: 3076)
        )
        try checkGradient(
            of: { try multiHeadSelfAttention($0, heads: 2, inWeight: w, inBias: b, outWeight: wo, outBias: bo).output },
            at: randomTensor([1, 2, 4], seed: 3077), seed: randomTensor([1, 2, 4], seed: 3078), "∂out/∂x")
    }
}
