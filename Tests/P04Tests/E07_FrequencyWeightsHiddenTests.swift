import ExerciseTesting
import Testing
import Workbook
@testable import P04

@Suite(.exercise("P04-E07")) struct P04_E07_Hidden {
    /// Against numpy on 5,000 labels with void pixels and two absent classes.
    @Test func matchesTheReference() throws {
        let f = try p04Fixture()
        let w = try frequencyWeights(labels: try f.values("weights.labels").map { Int($0) }, classes: 5)
        try checkClose(w, try f.values("weights.enet"), rtol: 1e-12, atol: 0, "ENet weights")
    }
}
