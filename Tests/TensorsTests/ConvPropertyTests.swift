import Testing
@testable import Tensors

// Properties of the convolution engine that hold whatever PyTorch says:
// the transposed convolution is the adjoint of the convolution, large batches
// (split into several im2col blocks) give the same numbers as one item at a
// time, and bad shapes stop with a message naming the op and the shapes.

/// The largest |a - b| / (1 + |b|) over the elements of two tensors of equal size.
private func maxDifference(_ a: Tensor, _ b: Tensor) -> Double {
    zip(a.doubles, b.doubles).map { abs($0 - $1) / (1 + abs($1)) }.max() ?? 0
}

/// Σ a·b over all elements, in float64.
private func dot(_ a: Tensor, _ b: Tensor) -> Double { zip(a.doubles, b.doubles).reduce(0) { $0 + $1.0 * $1.1 } }

@Test func convTransposeIsTheAdjointOfConv() {
    // <conv(x, w), y> == <x, convTranspose(y, w)> for every geometry.
    let geometries: [(stride: [Int], padding: [Int], dilation: [Int], groups: Int)] = [
        ([1, 1], [0, 0], [1, 1], 1), ([2, 2], [1, 1], [1, 1], 1), ([2, 3], [1, 2], [2, 1], 2), ([2, 2], [1, 1], [1, 1], 4),
    ]
    Random.withSeed(11) {
        for g in geometries {
            let x = ConvGradientInputs.randn([2, 4, 9, 10]), w = ConvGradientInputs.randn([4, 4 / g.groups, 3, 3])
            let (stride, padding, dilation) = (SpatialSize(g.stride), SpatialSize(g.padding), SpatialSize(g.dilation))
            let y = conv2d(x, w, stride: stride, padding: padding, dilation: dilation, groups: g.groups)
            let probe = ConvGradientInputs.randn(y.shape)
            // outputPadding restores the input rows and columns the stride's rounding dropped.
            let dropped = (0..<2).map { (d: Int) -> Int in
                let span: Int = x.shape[2 + d] + 2 * g.padding[d] - 2 * g.dilation[d] - 1
                return span % g.stride[d]
            }
            let back = convTranspose2d(
                probe, w, stride: stride, padding: padding, outputPadding: SpatialSize(dropped),
                groups: g.groups, dilation: dilation)
            #expect(back.shape == x.shape)
            let (lhs, rhs) = (dot(y, probe), dot(x, back))
            #expect(abs(lhs - rhs) <= 1e-10 * max(1, abs(lhs)), "\(g): <conv x, y> = \(lhs) but <x, convT y> = \(rhs)")
        }
    }
}

@Test func convOverManyBlocksMatchesOneItemAtATime() {
    // 30 items of 4·3·3 column rows by 16·16 positions fill several im2col blocks of several items.
    let perBlock = ConvGeometry.columnBudget / (4 * 9 * 16 * 16)
    #expect(perBlock > 1 && perBlock < 30 && 30 % perBlock != 0)
    let (x, w, seed) = Random.withSeed(12) {
        (Tensor.randn([30, 4, 16, 16], requiresGrad: true), Tensor.randn([5, 4, 3, 3], requiresGrad: true), Tensor.randn([30, 5, 16, 16]))
    }
    conv2d(x, w, padding: 1).backward(seed)
    let y = conv2d(x.detach(), w.detach(), padding: 1)
    var weightGradient = [Double](repeating: 0, count: w.count)
    for i in 0..<30 {
        let item = x[i].unsqueeze(axis: 0).detach(), wItem = w.detach()
        item.requiresGrad = true
        wItem.requiresGrad = true
        let yItem = conv2d(item, wItem, padding: 1)
        #expect(maxDifference(yItem, y[i]) < 1e-5, "item \(i): output differs from the batched one")
        yItem.backward(seed[i].unsqueeze(axis: 0))
        #expect(maxDifference(item.grad!, x.grad![i]) < 1e-5, "item \(i): input gradient differs")
        weightGradient = zip(weightGradient, wItem.grad!.doubles).map(+)
    }
    let worst = maxDifference(Tensor(weightGradient, shape: w.shape, dtype: .float64), w.grad!)
    #expect(worst < 1e-4, "weight gradient summed item by item differs by \(worst)")
}

@Test func spatialOpsAcceptUnbatchedInputAndGiveDocumentedShapes() {
    let x = Tensor.ones([3, 8, 8])
    #expect(conv2d(x, Tensor.ones([5, 3, 3, 3]), padding: 1).shape == [5, 8, 8])
    #expect(maxPool2d(x, kernelSize: 2).shape == [3, 4, 4])
    let batch = Tensor.ones([2, 3, 8, 8])
    #expect(convTranspose2d(batch, Tensor.ones([3, 4, 2, 2]), stride: 2).shape == [2, 4, 16, 16])
    #expect(globalAvgPool(batch).shape == [2, 3])
    #expect(globalAvgPool(batch, keepDims: true).shape == [2, 3, 1, 1])
    #expect(upsample(batch, size: [5, 12], mode: .bilinear).shape == [2, 3, 5, 12])
    // A 3x3 all-ones kernel over ones sums 9 inputs inside and fewer at the zero-padded border.
    let y = conv2d(Tensor.ones([1, 1, 4, 4]), Tensor.ones([1, 1, 3, 3]), padding: 1)
    #expect(y.scalars == [4, 6, 6, 4, 6, 9, 9, 6, 6, 9, 9, 6, 4, 6, 6, 4])
}

@Test func badShapesStopWithMessagesNamingOpAndShapes() async {
    let channels = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
        _ = conv2d(Tensor.zeros([2, 3, 5, 5]), Tensor.zeros([8, 4, 3, 3]))
    }
    #expect(standardError(channels).contains("conv2d: expected input [N, 4, H, W] for weight [8, 4, 3, 3], got [2, 3, 5, 5]"))
    let small = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
        _ = conv2d(Tensor.zeros([1, 1, 2, 2]), Tensor.zeros([1, 1, 3, 3]))
    }
    #expect(standardError(small).contains("conv2d: input [1, 1, 2, 2] padded by [0, 0] is smaller than kernel [3, 3]"))
    let pool = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
        _ = maxPool2d(Tensor.zeros([1, 1, 4, 4]), kernelSize: 2, padding: 2)
    }
    #expect(standardError(pool).contains("maxPool2d: padding [2, 2] must be non-negative and at most half of kernelSize [2, 2]"))
    let boxes = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
        _ = roiAlign(Tensor.zeros([1, 1, 4, 4]), boxes: Tensor.zeros([2, 4]), outputSize: 2)
    }
    #expect(standardError(boxes).contains("roiAlign: expected boxes [K, 5]"))
}
