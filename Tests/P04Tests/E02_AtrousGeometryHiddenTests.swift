import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import P04

@Suite(.exercise("P04-E02")) struct P04_E02_Hidden {
    /// Output sizes against the library's convolution (itself checked against PyTorch).
    @Test func matchesTheConvolutionLayer() throws {
        var got: [Int] = [], expected: [Int] = []
        for (n, k, s, p, d) in [(17, 3, 2, 1, 1), (16, 3, 1, 12, 12), (31, 5, 3, 2, 2), (9, 3, 1, 0, 4), (64, 1, 2, 0, 1)] {
            got.append(try convolutionOutputSize(input: n, kernel: k, stride: s, padding: p, dilation: d))
            let conv = Conv2d(1, 1, kernelSize: SpatialSize(k), stride: SpatialSize(s), padding: SpatialSize(p), dilation: SpatialSize(d))
            expected.append(ExerciseTwins.unwatched { noGrad { conv(Tensor.zeros([1, 1, n, n])) } }.shape[2])
        }
        try checkEqual(got, expected, "output sizes")
    }

    /// ASPP's rate-18 branch on MobileNetV2 at output stride 16, and a VGG-like stack.
    @Test func receptiveFields() throws {
        let vgg = try receptiveField([(3, 1, 1), (3, 1, 1), (2, 2, 1), (3, 1, 1), (3, 1, 1), (2, 2, 1)])
        let atrous = try receptiveField([(3, 2, 1), (3, 2, 1), (3, 2, 1), (3, 2, 1), (3, 1, 18)])
        try checkEqual([vgg, atrous, try receptiveField([])], [16, 31 + 36 * 16, 1], "receptive fields")
    }
}
