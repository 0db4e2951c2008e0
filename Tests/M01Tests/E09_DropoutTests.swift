import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M01

@Suite(.exercise("M01-E09")) struct M01_E09 {
    @Test func scalesTheKeptUnits() throws {
        let x = Tensor([1, -2, 3, 4, 5, -6], shape: [2, 3], dtype: .float64)
        let mask = Tensor([1, 0, 1, 1, 1, 0], shape: [2, 3], dtype: .float64)
        try checkClose(
            try dropoutForward(x, keepMask: mask, p: 0.25), Tensor([4.0 / 3, 0, 4, 16.0 / 3, 20.0 / 3, 0], shape: [2, 3], dtype: .float64), "forward")
        let g = Tensor([0.5, 0.5, 0.5, 1, 1, 1], shape: [2, 3], dtype: .float64)
        try checkClose(
            try dropoutBackward(g, keepMask: mask, p: 0.25), Tensor([2.0 / 3, 0, 2.0 / 3, 4.0 / 3, 4.0 / 3, 0], shape: [2, 3], dtype: .float64), "backward")
    }
}

/// The finite-difference check of the grader's hidden tests, on other inputs: the
/// message a student reads here is the one the grader gives.
extension M01_E09 {
    @Test func matchesFiniteDifferencesOnOtherInputs() throws {
        try checkDropoutBackward(shape: [3, 4], p: 0.3, seed: 1092)
    }
}
