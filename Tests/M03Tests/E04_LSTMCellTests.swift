import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M03

@Suite(.exercise("M03-E04")) struct M03_E04 {
    @Test func matchesTorchLSTMCell() throws {
        let f = try fixture("lstm_cell")
        let (x, h, c, wIH) = (try f.tensor("x"), try f.tensor("h"), try f.tensor("c"), try f.tensor("weightIH"))
        for t in [x, h, c, wIH] { t.requiresGrad = true }
        let next = try lstmCell(
            x, h: h, c: c, weightIH: wIH, weightHH: try f.tensor("weightHH"), biasIH: try f.tensor("biasIH"), biasHH: try f.tensor("biasHH"))
        try checkClose(next.h, try f.tensor("hNext"), "h'")
        try checkClose(next.c, try f.tensor("cNext"), "c'")
        (next.h * (try f.tensor("seedH")) + next.c * (try f.tensor("seedC"))).sum().backward()
        for (t, key) in [(x, "gradX"), (h, "gradH"), (c, "gradC"), (wIH, "gradWeightIH")] {
            try checkClose(try #require(t.grad), try f.tensor(key), key)
        }
    }
}

/// The finite-difference check of the grader's hidden tests, on other inputs: the
/// message a student reads here is the one the grader gives.
extension M03_E04 {
    @Test func matchesFiniteDifferencesOnOtherInputs() throws {
        try checkLSTMCellGradients(batch: 1, input: 3, hidden: 2, seed: 3041)
    }
}
