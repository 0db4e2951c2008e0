import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M01

@Suite(.exercise("M01-E12")) struct M01_E12_Hidden {
    @Test func holdsForAnotherSeed() throws {
        try checkAtLeast(try mnistHeldOutAccuracy(seed: 2024), 0.92, "held-out accuracy with seed 2024")
    }
}
