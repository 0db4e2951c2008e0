// Pooling, as `torch.nn.functional.max_pool{1,2,3}d`, `avg_pool{1,2,3}d` and
// `adaptive_avg_pool{1,2,3}d`. Every (item, channel) plane is pooled on its own,
// so an input is [N, C, spatial...] or unbatched [C, spatial...].
//
// Local derivatives: max pooling passes each output's gradient to the input that
// won (its argmax, recorded in the forward pass); average pooling spreads it
// evenly, divided by the same divisor, over the window it averaged.

public func maxPool1d(
    _ input: Tensor, kernelSize: SpatialSize, stride: SpatialSize? = nil, padding: SpatialSize = 0,
    dilation: SpatialSize = 1, ceilMode: Bool = false
) -> Tensor {
    maxPool(input, kernelSize: kernelSize, stride: stride, padding: padding, dilation: dilation, ceilMode: ceilMode, rank: 1, op: "maxPool1d")
}

/// Max pooling over windows of `kernelSize`; `stride` defaults to the kernel size; padding counts as -infinity.
///
/// ```swift
/// let y = maxPool2d(x, kernelSize: 2)          // [N, C, 32, 32] -> [N, C, 16, 16]
/// ```
public func maxPool2d(
    _ input: Tensor, kernelSize: SpatialSize, stride: SpatialSize? = nil, padding: SpatialSize = 0,
    dilation: SpatialSize = 1, ceilMode: Bool = false
) -> Tensor {
    ExerciseTwins.called("maxPool2d", twinOf: ["M02-E04"])
    return maxPool(input, kernelSize: kernelSize, stride: stride, padding: padding, dilation: dilation, ceilMode: ceilMode, rank: 2, op: "maxPool2d")
}

public func maxPool3d(
    _ input: Tensor, kernelSize: SpatialSize, stride: SpatialSize? = nil, padding: SpatialSize = 0,
    dilation: SpatialSize = 1, ceilMode: Bool = false
) -> Tensor {
    maxPool(input, kernelSize: kernelSize, stride: stride, padding: padding, dilation: dilation, ceilMode: ceilMode, rank: 3, op: "maxPool3d")
}

public func avgPool1d(
    _ input: Tensor, kernelSize: SpatialSize, stride: SpatialSize? = nil, padding: SpatialSize = 0,
    ceilMode: Bool = false, countIncludePad: Bool = true
) -> Tensor {
    avgPool(
        input, kernelSize: kernelSize, stride: stride, padding: padding, ceilMode: ceilMode,
        countIncludePad: countIncludePad, divisorOverride: nil, rank: 1, op: "avgPool1d")
}

/// Average pooling. With `countIncludePad` (PyTorch's default) the zero padding counts in
/// each window's divisor; `divisorOverride` replaces the divisor altogether.
public func avgPool2d(
    _ input: Tensor, kernelSize: SpatialSize, stride: SpatialSize? = nil, padding: SpatialSize = 0,
    ceilMode: Bool = false, countIncludePad: Bool = true, divisorOverride: Int? = nil
) -> Tensor {
    avgPool(
        input, kernelSize: kernelSize, stride: stride, padding: padding, ceilMode: ceilMode,
        countIncludePad: countIncludePad, divisorOverride: divisorOverride, rank: 2, op: "avgPool2d")
}

public func avgPool3d(
    _ input: Tensor, kernelSize: SpatialSize, stride: SpatialSize? = nil, padding: SpatialSize = 0,
    ceilMode: Bool = false, countIncludePad: Bool = true, divisorOverride: Int? = nil
) -> Tensor {
    avgPool(
        input, kernelSize: kernelSize, stride: stride, padding: padding, ceilMode: ceilMode,
        countIncludePad: countIncludePad, divisorOverride: divisorOverride, rank: 3, op: "avgPool3d")
}

public func adaptiveAvgPool1d(_ input: Tensor, outputSize: SpatialSize) -> Tensor {
    adaptiveAvgPool(input, outputSize: outputSize, rank: 1, op: "adaptiveAvgPool1d")
}

/// Average pooling to a fixed output size: output i averages inputs
/// `floor(i·in/out) ..< ceil((i+1)·in/out)` along each dimension, as PyTorch does.
public func adaptiveAvgPool2d(_ input: Tensor, outputSize: SpatialSize) -> Tensor {
    adaptiveAvgPool(input, outputSize: outputSize, rank: 2, op: "adaptiveAvgPool2d")
}

public func adaptiveAvgPool3d(_ input: Tensor, outputSize: SpatialSize) -> Tensor {
    adaptiveAvgPool(input, outputSize: outputSize, rank: 3, op: "adaptiveAvgPool3d")
}

/// The mean over all spatial dimensions of [N, C, spatial...]: [N, C] (or [N, C, 1, ...] with `keepDims`),
/// the global average pooling that ends ResNet and EfficientNet.
public func globalAvgPool(_ input: Tensor, keepDims: Bool = false) -> Tensor {
    let rank = input.rank - 2
    precondition(rank >= 1 && rank <= 3, "globalAvgPool: expected input [N, C, spatial...] with 1 to 3 spatial dimensions, got \(input.shape)")
    let pooled = adaptiveAvgPool(input, outputSize: SpatialSize(1), rank: rank, op: "globalAvgPool")
    return keepDims ? pooled : pooled.reshape(Array(input.shape.prefix(2)))
}

// MARK: Checks

/// The planes and spatial sizes of a pooling input with `rank` spatial dimensions.
private func poolingInput(_ input: Tensor, rank: Int, op: String) -> (planes: Int, size: [Int]) {
    let names = spatialNames(rank)
    precondition(
        input.rank == rank + 1 || input.rank == rank + 2,
        "\(op): expected input [N, C, \(names)] or unbatched [C, \(names)], got shape \(input.shape)")
    input.requireFloatingPoint(op)
    let size = Array(input.shape.suffix(rank))
    return (input.shape.dropLast(rank).reduce(1, *), size)
}

private func slidingPoolWindow(
    _ input: Tensor, kernelSize: SpatialSize, stride: SpatialSize?, padding: SpatialSize, dilation: SpatialSize,
    ceilMode: Bool, rank: Int, op: String
) -> (planes: Int, window: SpatialWindow, shape: [Int]) {
    let (planes, size) = poolingInput(input, rank: rank, op: op)
    let k = kernelSize.resolved(rank: rank, op: op, name: "kernelSize")
    let s = (stride ?? kernelSize).resolved(rank: rank, op: op, name: "stride")
    let p = padding.resolved(rank: rank, op: op, name: "padding")
    let d = dilation.resolved(rank: rank, op: op, name: "dilation")
    precondition(
        k.allSatisfy { $0 > 0 } && s.allSatisfy { $0 > 0 } && d.allSatisfy { $0 > 0 },
        "\(op): kernelSize \(k), stride \(s) and dilation \(d) must be positive")
    precondition(
        zip(p, k).allSatisfy { $0 >= 0 && $0 <= $1 / 2 },
        "\(op): padding \(p) must be non-negative and at most half of kernelSize \(k)")
    let output = (0..<rank).map {
        slidingOutputSize(input: size[$0], kernel: k[$0], stride: s[$0], padding: p[$0], dilation: d[$0], ceilMode: ceilMode)
    }
    precondition(
        output.allSatisfy { $0 > 0 }, "\(op): input \(input.shape) is too small for kernelSize \(k) with padding \(p), dilation \(d); output would be \(output)"
    )
    let window = SpatialWindow(input: size, output: output, kernel: k, stride: s, padding: p, dilation: d)
    return (planes, window, input.shape.dropLast(rank) + output)
}

// MARK: Max pooling

func maxPool(
    _ input: Tensor, kernelSize: SpatialSize, stride: SpatialSize?, padding: SpatialSize, dilation: SpatialSize,
    ceilMode: Bool, rank: Int, op: String
) -> Tensor {
    let (planes, window, shape) = slidingPoolWindow(
        input, kernelSize: kernelSize, stride: stride, padding: padding,
        dilation: dilation, ceilMode: ceilMode, rank: rank, op: op)
    let y = Tensor(shape: shape, storage: Storage(dtype: input.dtype, count: Shape.count(shape)))
    var argmax = [Int32](repeating: 0, count: y.count)
    argmax.withUnsafeMutableBufferPointer { best in
        func run<T: FloatScalar>(_: T.Type) {
            maxPoolForward(input.storage.pointer(T.self), y.storage.pointer(T.self), argmax: best.baseAddress!, planes: planes, window)
        }
        if input.dtype == .float32 { run(Float.self) } else { run(Double.self) }
    }
    let winners = argmax, inputShape = input.shape, inputVolume = window.inputVolume, outputVolume = window.outputVolume
    return y.recorded(op, [input]) { gy, _ in
        let gx = Tensor.zeros(inputShape, dtype: gy.dtype)
        func run<T: FloatScalar>(_: T.Type) {
            let g = gy.storage.pointer(T.self), dx = gx.storage.pointer(T.self)
            for plane in 0..<planes {
                let from = plane * outputVolume, to = dx + plane * inputVolume
                for o in from..<from + outputVolume { to[Int(winners[o])] += g[o] }
            }
        }
        if gy.dtype == .float32 { run(Float.self) } else { run(Double.self) }
        return [gx]
    }
}

/// y = the largest input in each window; `argmax` = its index within the plane (NaN wins, as in PyTorch).
func maxPoolForward<T: FloatScalar>(
    _ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, argmax: UnsafeMutablePointer<Int32>,
    planes: Int, _ w: SpatialWindow
) {
    let (depth, height, width) = (w.input[0], w.input[1], w.input[2])
    let (kd, kh, kw) = (w.kernel[0], w.kernel[1], w.kernel[2])
    let (dd, dh, dw) = (w.dilation[0], w.dilation[1], w.dilation[2])
    var o = 0
    for plane in 0..<planes {
        let source = x + plane * w.inputVolume
        for od in 0..<w.output[0] {
            let d0 = w.source(0, output: od, kernel: 0)
            for oh in 0..<w.output[1] {
                let h0 = w.source(1, output: oh, kernel: 0)
                for ow in 0..<w.output[2] {
                    let w0 = w.source(2, output: ow, kernel: 0)
                    var best = -T.infinity, at = -1
                    for i in 0..<kd {
                        let id = d0 + i * dd
                        if id < 0 || id >= depth { continue }
                        for j in 0..<kh {
                            let ih = h0 + j * dh
                            if ih < 0 || ih >= height { continue }
                            let row = (id * height + ih) * width
                            for k in 0..<kw {
                                let iw = w0 + k * dw
                                if iw < 0 || iw >= width { continue }
                                let v = source[row + iw]
                                if v > best || v.isNaN || at < 0 { best = v; at = row + iw }
                            }
                        }
                    }
                    y[o] = best
                    argmax[o] = Int32(at)
                    o += 1
                }
            }
        }
    }
}

// MARK: Average pooling

/// The boxes an average pooling averages: per dimension and output index, the input
/// range `start..<end` and the divisor's factor for that dimension.
struct AverageBoxes {
    typealias Range = (start: Int, end: Int, divisor: Int)
    let input: [Int]
    let output: [Int]
    let ranges: [[Range]]
    let divisorOverride: Int?

    var inputVolume: Int { input.reduce(1, *) }
    var outputVolume: Int { output.reduce(1, *) }
}

func avgPool(
    _ input: Tensor, kernelSize: SpatialSize, stride: SpatialSize?, padding: SpatialSize, ceilMode: Bool,
    countIncludePad: Bool, divisorOverride: Int?, rank: Int, op: String
) -> Tensor {
    let (planes, w, shape) = slidingPoolWindow(
        input, kernelSize: kernelSize, stride: stride, padding: padding,
        dilation: 1, ceilMode: ceilMode, rank: rank, op: op)
    precondition(divisorOverride.map { $0 != 0 } ?? true, "\(op): divisorOverride must not be zero")
    // PyTorch: the window may reach into the padding (and past it in ceil mode, where it is cut
    // at input + padding); with countIncludePad the padded length divides, else the valid one.
    let ranges = (0..<3).map { d in
        (0..<w.output[d]).map { o -> AverageBoxes.Range in
            let start = o * w.stride[d] - w.padding[d]
            let end = Swift.min(start + w.kernel[d], w.input[d] + w.padding[d])
            let (from, to) = (Swift.max(start, 0), Swift.min(end, w.input[d]))
            return (from, to, countIncludePad ? end - start : to - from)
        }
    }
    let boxes = AverageBoxes(input: w.input, output: w.output, ranges: ranges, divisorOverride: divisorOverride)
    return boxAverage(input, boxes, planes: planes, shape: shape, op: op)
}

func adaptiveAvgPool(_ input: Tensor, outputSize: SpatialSize, rank: Int, op: String) -> Tensor {
    let (planes, size) = poolingInput(input, rank: rank, op: op)
    let output = outputSize.resolved(rank: rank, op: op, name: "outputSize")
    precondition(output.allSatisfy { $0 > 0 }, "\(op): outputSize \(output) must be positive")
    let (input3, output3) = (lifted(size, fill: 1), lifted(output, fill: 1))
    let ranges = (0..<3).map { d in
        (0..<output3[d]).map { o -> AverageBoxes.Range in
            let start = o * input3[d] / output3[d], end = ((o + 1) * input3[d] + output3[d] - 1) / output3[d]
            return (start, end, end - start)
        }
    }
    let boxes = AverageBoxes(input: input3, output: output3, ranges: ranges, divisorOverride: nil)
    return boxAverage(input, boxes, planes: planes, shape: input.shape.dropLast(rank) + output, op: op)
}

/// Averages each box of every plane; the backward spreads each output's gradient over its box.
private func boxAverage(_ input: Tensor, _ boxes: AverageBoxes, planes: Int, shape: [Int], op: String) -> Tensor {
    let y = Tensor(shape: shape, storage: Storage(dtype: input.dtype, count: Shape.count(shape)))
    func run<T: FloatScalar>(_: T.Type) {
        boxAverageForward(input.storage.pointer(T.self), y.storage.pointer(T.self), planes: planes, boxes)
    }
    if input.dtype == .float32 { run(Float.self) } else { run(Double.self) }
    let inputShape = input.shape
    return y.recorded(op, [input]) { gy, _ in
        let gx = Tensor.zeros(inputShape, dtype: gy.dtype)
        func run<T: FloatScalar>(_: T.Type) {
            boxAverageBackward(gy.storage.pointer(T.self), gx.storage.pointer(T.self), planes: planes, boxes)
        }
        if gy.dtype == .float32 { run(Float.self) } else { run(Double.self) }
        return [gx]
    }
}

/// Visits every output of every plane with its flat index, box and divisor (0 for an empty box).
@inline(__always)
private func forEachBox(
    _ b: AverageBoxes, planes: Int,
    _ visit: (
        _ output: Int, _ plane: Int, _ d: AverageBoxes.Range, _ h: AverageBoxes.Range,
        _ w: AverageBoxes.Range, _ divisor: Int
    ) -> Void
) {
    var o = 0
    for plane in 0..<planes {
        for d in b.ranges[0] {
            for h in b.ranges[1] {
                for w in b.ranges[2] {
                    let empty = d.start >= d.end || h.start >= h.end || w.start >= w.end
                    visit(o, plane * b.inputVolume, d, h, w, empty ? 0 : b.divisorOverride ?? d.divisor * h.divisor * w.divisor)
                    o += 1
                }
            }
        }
    }
}

func boxAverageForward<T: FloatScalar>(_ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, planes: Int, _ b: AverageBoxes) {
    let (height, width) = (b.input[1], b.input[2])
    forEachBox(b, planes: planes) { o, plane, d, h, w, divisor in
        var sum: T = 0
        for id in d.start..<d.end {
            for ih in h.start..<h.end {
                let row = x + plane + (id * height + ih) * width
                for iw in w.start..<w.end { sum += row[iw] }
            }
        }
        y[o] = divisor == 0 ? 0 : sum / T(divisor)
    }
}

func boxAverageBackward<T: FloatScalar>(_ gy: UnsafePointer<T>, _ gx: UnsafeMutablePointer<T>, planes: Int, _ b: AverageBoxes) {
    let (height, width) = (b.input[1], b.input[2])
    forEachBox(b, planes: planes) { o, plane, d, h, w, divisor in
        if divisor == 0 { return }
        let share = gy[o] / T(divisor)
        for id in d.start..<d.end {
            for ih in h.start..<h.end {
                let row = gx + plane + (id * height + ih) * width
                for iw in w.start..<w.end { row[iw] += share }
            }
        }
    }
}
