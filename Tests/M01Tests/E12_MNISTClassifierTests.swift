import DeepLearning
import Testing
import Workbook
@testable import M01

@Suite struct M01_E12 {
    @Test func reaches92PercentOnHeldOutImages() throws {
        let mnist = try MNIST.subset5k(flatten: true)
        let model = try trainMNISTClassifier(train: mnist.train, seed: 12)
        let accuracy = model.evaluate(mnist.test)["accuracy"] ?? 0
        try checkAtLeast(accuracy, 0.92, "held-out accuracy on the 1,000 test images")
    }
}
