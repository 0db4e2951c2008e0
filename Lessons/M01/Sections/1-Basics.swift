import DeepLearning
import Foundation
import Workbook

/// Section 1: a perceptron learns AND and OR but not XOR; an MLP learns XOR.
func basics(_ lesson: LessonContext) throws {
    let points = Tensor([0, 0, 0, 1, 1, 0, 1, 1], shape: [4, 2])
    let gates: [(String, [Float])] = [("AND", [0, 0, 0, 1]), ("OR", [0, 1, 1, 1]), ("XOR", [0, 1, 1, 0])]

    print("A perceptron, trained with Rosenblatt's rule for 20 epochs (exercise M01-E01):")
    for (name, targets) in gates {
        guard let (w, b) = lesson.exercise("M01-E01", { try trainPerceptron(inputs: points, targets: Tensor(targets), epochs: 20) }) else { break }
        let predictions = ((points.matmul(w) + b) .> 0).scalars
        let correct = zip(predictions, targets).filter { $0 == $1 }.count
        print(
            "  \(name.padding(toLength: 4, withPad: " ", startingAt: 0)) w = \(fmt(w.doubles)), b = \(fmt([b])) → predicts \(predictions.map { Int($0) }), \(correct)/4 correct"
        )
    }
    print("  XOR is not linearly separable: no line splits {(0,1),(1,0)} from {(0,0),(1,1)}.")

    try drawActivations(lesson)

    print("\nA multi-layer perceptron 2 → 8 → 1 with tanh, trained on XOR with Adam:")
    Random.seed(1)
    let mlp = Sequential {
        Linear(2, 8); Tanh(); Linear(8, 1)
    }
    let optimizer = Adam(mlp.parameters(), lr: 0.05)
    let labels = Tensor([0, 1, 1, 0], shape: [4, 1])
    for step in 1...300 {
        let loss = binaryCrossEntropyWithLogits(mlp(points), labels)
        optimizer.zeroGrad()
        loss.backward()
        optimizer.step()
        if step % 100 == 0 { print("  step \(step): loss \(String(format: "%.4f", loss.item))") }
    }
    let probabilities = noGrad { mlp(points).sigmoid() }.doubles
    print("  P(XOR = 1) at (0,0) (0,1) (1,0) (1,1): \(fmt(probabilities))")

    var scatter = ScatterPlot(
        points, classes: Tensor(ints: [0, 1, 1, 0]), classNames: ["XOR = 0", "XOR = 1"],
        title: Messages().text("MLP decision boundary on XOR", zh: "多层感知机在 XOR 上的决策边界"), xLabel: "x1", yLabel: "x2",
        background: .probability { x, y in
            noGrad { mlp(Tensor([Float(x), Float(y)], shape: [1, 2])).sigmoid().item }
        })
    (scatter.xRange, scatter.yRange) = (-0.5...1.5, -0.5...1.5)  // room around the corners for the legend
    try scatter.write(to: lesson.figureURL("xor_decision_boundary.png"))
}

/// The four activation functions and their derivatives, drawn over [-4, 4].
func drawActivations(_ lesson: LessonContext) throws {
    let x = Tensor.linspace(-4, 4, count: 161, dtype: .float64)
    var values = LineChart(title: Messages().text("Activation functions", zh: "激活函数"), xLabel: "x", yLabel: "f(x)")
    var slopes = LineChart(title: Messages().text("Their derivatives", zh: "它们的导数"), xLabel: "x", yLabel: "f'(x)")
    for f in Activation.allCases {
        let input = x.detach()
        input.requiresGrad = true
        let y = f == .gelu ? input.gelu(approximate: .tanh) : f == .relu ? input.relu() : f == .tanh ? input.tanh() : input.sigmoid()
        y.sum().backward()
        values.add(f.rawValue, y: y.doubles, x: x.doubles)
        slopes.add(f.rawValue, y: input.grad!.doubles, x: x.doubles)
    }
    var canvas = Canvas(width: values.width + slopes.width, height: values.height)
    values.draw(on: &canvas, in: Rect(x: 0, y: 0, width: values.width, height: values.height))
    slopes.draw(on: &canvas, in: Rect(x: values.width, y: 0, width: slopes.width, height: slopes.height))
    try canvas.write(to: lesson.figureURL("activations.png"))
    print("\nActivation functions and their derivatives drawn (sigmoid's slope never exceeds 0.25).")
}

/// Numbers with four significant digits, for printing.
func fmt(_ values: [Double]) -> String {
    "[" + values.map { String(format: "%.4g", $0) }.joined(separator: ", ") + "]"
}
