import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M02

@Suite(.exercise("M02-E14")) struct M02_E14 {
    @Test func reaches96PercentOnHeldOutImages() throws {
        let mnist = try MNIST.subset5k()
        let model = try Random.withSeed(14) { try trainLeNet(train: mnist.train, seed: 14) }
        try checkAtLeast(model.evaluate(mnist.test)["accuracy"] ?? 0, 0.96, "held-out accuracy on the 1,000 test images")
    }
}
