import DeepLearning
import Testing
import Workbook
@testable import M03

@Suite struct M03_E01 {
    @Test func matchesPyTorch() throws {
        let f = try fixture("skip_gram")
        let got = try skipGramNegativeSampling(center: try f.tensor("center"), context: try f.tensor("context"), negatives: try f.tensor("negatives"))
        try checkClose([got.loss], try f.values("loss"), shape: [], "loss")
        try checkClose(got.center, try f.tensor("gradCenter"), "∂L/∂v")
        try checkClose(got.context, try f.tensor("gradContext"), "∂L/∂u_o")
        try checkClose(got.negatives, try f.tensor("gradNegatives"), "∂L/∂u_k")
    }
}
