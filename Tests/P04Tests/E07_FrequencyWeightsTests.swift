import ExerciseTesting
import Foundation
import Testing
@testable import P04

@Suite(.exercise("P04-E07")) struct P04_E07 {
    @Test func rareClassesWeighMore() throws {
        let w = try frequencyWeights(labels: [0, 0, 0, 1, 255], classes: 3)
        #expect(abs(w[0] - 1 / log(1.77)) < 1e-12 && abs(w[1] - 1 / log(1.27)) < 1e-12 && abs(w[2] - 1 / log(1.02)) < 1e-12)
    }
}
