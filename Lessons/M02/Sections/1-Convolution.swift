import DeepLearning
import Foundation
import Workbook

/// Hand-made 3×3 filters: two Sobel edge detectors, a Laplacian and a box blur.
let classicFilters: [(name: String, weights: [Double])] = [
    ("vertical edges (Sobel x)", [-1, 0, 1, -2, 0, 2, -1, 0, 1]),
    ("horizontal edges (Sobel y)", [-1, -2, -1, 0, 0, 0, 1, 2, 1]),
    ("Laplacian", [0, 1, 0, 1, -4, 1, 0, 1, 0]),
    ("box blur", [Double](repeating: 1.0 / 9, count: 9)),
]

/// Section 1: the convolution sum written as loops (exercise M02-E01) gives the
/// library's numbers; four classic filters applied to a digit show what a feature map is.
func convolutionByHand(_ lesson: LessonContext) throws {
    let mnist = try MNIST.subset5k()
    let digit = mnist.train.example(0).input.unsqueeze(axis: 0).to(.float64)  // [1, 1, 28, 28]
    let weights = Tensor(classicFilters.flatMap(\.weights), shape: [4, 1, 3, 3], dtype: .float64)
    let library = conv2d(digit, weights, padding: 1)
    print("A 28×28 MNIST digit (label \(mnist.train.example(0).target.ints[0])) convolved with four 3×3 filters, padding 1:")
    print("  output shape \(library.shape): (28 + 2·1 − 3) / 1 + 1 = 28")
    if let mine = lesson.exercise("M02-E01", { try conv2dLoops(digit, weights, padding: 1) }) {
        print("  your loops (M02-E01) vs conv2d: max |difference| = \(String(format: "%.2e", (mine - library).abs().max().item))")
    }
    if let mine = lesson.exercise("M02-E02", { try conv2dByIm2col(digit, weights, padding: 1) }) {
        print("  im2col + one matrix product (M02-E02) vs conv2d: max |difference| = \(String(format: "%.2e", (mine - library).abs().max().item))")
    }
    for (k, filter) in classicFilters.enumerated() {
        let map = library.slice(axis: 1, start: k, end: k + 1)
        print(
            "  \(filter.name.padding(toLength: 27, withPad: " ", startingAt: 0)) response range [\(String(format: "%6.2f", map.min().item)), \(String(format: "%5.2f", map.max().item))]"
        )
    }
    let tiles = concat([digit, library.reshape([4, 1, 28, 28])], axis: 0)
    try ImageGrid(
        tiles, columns: 5, labels: ["input", "Sobel x", "Sobel y", "Laplacian", "blur"], scale: 4,
        title: Messages().text("Feature maps of four 3x3 filters", zh: "四个 3x3 滤波器的特征图")
    ).write(to: lesson.figureURL("filters_on_digit.png"))

    print("\nStride and pooling shrink the map; parameters depend on the kernel, not on the image:")
    let conv = Conv2d(1, 6, kernelSize: 5, padding: 2), fc = Linear(28 * 28, 6 * 28 * 28)
    for (name, y) in [
        ("conv 5×5, 6 filters, padding 2", conv(digit.to(.float32))),
        ("  then max pool 2×2", maxPool2d(conv(digit.to(.float32)), kernelSize: 2)),
        ("  then average pool 2×2", avgPool2d(conv(digit.to(.float32)), kernelSize: 2)),
    ] {
        print("  \(name.padding(toLength: 32, withPad: " ", startingAt: 0)) → \(y.shape)")
    }
    print("  parameters: Conv2d(1, 6, 5×5) \(conv.parameterCount); a fully connected layer with the same output \(grouped(fc.parameterCount))")
}
