import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M01

@Suite(.exercise("M01-E12")) struct M01_E12 {
    @Test func reaches92PercentOnHeldOutImages() throws {
        try checkAtLeast(try mnistHeldOutAccuracy(seed: 12), 0.92, "held-out accuracy on the 1,000 test images")
    }
}
