import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M02

@Suite(.exercise("M02-E14")) struct M02_E14_Hidden {
    @Test func holdsForAnotherSeed() throws {
        let mnist = try MNIST.subset5k()
        let model = try Random.withSeed(2024) { try trainLeNet(train: mnist.train, seed: 2024) }
        try checkAtLeast(model.evaluate(mnist.test)["accuracy"] ?? 0, 0.96, "held-out accuracy with seed 2024")
    }
}
