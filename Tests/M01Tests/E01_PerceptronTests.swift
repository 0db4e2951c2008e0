import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M01

@Suite(.exercise("M01-E01")) struct M01_E01 {
    let points = Tensor([0, 0, 0, 1, 1, 0, 1, 1], shape: [4, 2], dtype: .float64)

    @Test(arguments: [("AND", [0.0, 0, 0, 1]), ("OR", [0.0, 1, 1, 1])])
    func learnsSeparableGates(gate: String, targets: [Double]) throws {
        let (w, b) = try trainPerceptron(inputs: points, targets: Tensor(targets, dtype: .float64), epochs: 20)
        let predictions = ((points.matmul(w) + b) .> 0).doubles
        #expect(predictions == targets, "\(gate): the perceptron should classify all four points after 20 epochs")
    }

    @Test func cannotLearnXOR() throws {
        let targets = [0.0, 1, 1, 0]
        let (w, b) = try trainPerceptron(inputs: points, targets: Tensor(targets, dtype: .float64), epochs: 50)
        let correct = zip(((points.matmul(w) + b) .> 0).doubles, targets).filter { $0 == $1 }.count
        #expect(correct < 4, "no line separates XOR, so at most 3 of 4 points can be right")
    }
}
