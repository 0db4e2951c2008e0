import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M03

@Suite(.exercise("M03-E05")) struct M03_E05 {
    @Test func matchesTorchGRUCell() throws {
        let f = try fixture("gru_cell")
        let (x, h, wHH) = (try f.tensor("x"), try f.tensor("h"), try f.tensor("weightHH"))
        for t in [x, h, wHH] { t.requiresGrad = true }
        let next = try gruCell(x, h: h, weightIH: try f.tensor("weightIH"), weightHH: wHH, biasIH: try f.tensor("biasIH"), biasHH: try f.tensor("biasHH"))
        try checkClose(next, try f.tensor("hNext"), "h'")
        next.backward(try f.tensor("seed"))
        for (t, key) in [(x, "gradX"), (h, "gradH"), (wHH, "gradWeightHH")] {
            try checkClose(try #require(t.grad), try f.tensor(key), key)
        }
    }
}

/// The finite-difference check of the grader's hidden tests, on other inputs: the
/// message a student reads here is the one the grader gives.
extension M03_E05 {
    @Test func matchesFiniteDifferencesOnOtherInputs() throws {
        let x = randomTensor([1, 3], seed: 3051)
        let (wIH, wHH, bIH, bHH) = randomCellWeights(gates: 3, input: 3, hidden: 2, seed: 3052)
        try checkGradient(
            of: { try gruCell(x, h: $0, weightIH: wIH, weightHH: wHH, biasIH: bIH, biasHH: bHH) },
            at: randomTensor([1, 2], seed: 3056), seed: randomTensor([1, 2], seed: 3057), "∂h'/∂h")
    }
}
