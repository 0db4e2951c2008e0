import DeepLearning
import Testing
import Workbook
@testable import M03

@Suite struct M03_E05 {
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
