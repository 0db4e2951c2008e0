import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M03

@Suite(.exercise("M03-E06")) struct M03_E06 {
    @Test func matchesPyTorchWithAPaddingMask() throws {
        let f = try fixture("attention")
        let (q, k, v) = (try f.tensor("query"), try f.tensor("key"), try f.tensor("value"))
        for t in [q, k, v] { t.requiresGrad = true }
        let (output, weights) = try attention(query: q, key: k, value: v, allowed: try f.tensor("allowed"))
        try checkClose(output, try f.tensor("output"), "output")
        try checkClose(weights, try f.tensor("weights"), "weights")
        output.backward(try f.tensor("seed"))
        for (t, key) in [(q, "gradQuery"), (k, "gradKey"), (v, "gradValue")] {
            try checkClose(try #require(t.grad), try f.tensor(key), key)
        }
    }
}

/// The finite-difference check of the grader's hidden tests, on other inputs: the
/// message a student reads here is the one the grader gives.
extension M03_E06 {
    @Test func matchesFiniteDifferencesOnOtherInputs() throws {
        let (k, v) = (randomTensor([1, 3, 2], seed: 3061), randomTensor([1, 3, 2], seed: 3062))
        try checkGradient(
            of: { try attention(query: $0, key: k, value: v).output },
            at: randomTensor([1, 2, 2], seed: 3063), seed: randomTensor([1, 2, 2], seed: 3064), "∂out/∂q")
    }
}
