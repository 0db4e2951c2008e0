// RoIAlign (Mask R-CNN), with `torchvision.ops.roi_align`'s semantics.
//
// Each box is cut into outputSize bins; each bin averages a grid of bilinearly
// interpolated samples of the feature map (no rounding of box coordinates, which
// is what distinguishes it from RoIPool). The op is linear in the feature map:
// the backward adds each bin's gradient, with the same bilinear weights divided
// by the sample count, onto the four pixels around every sample. Boxes get no gradient.

/// Pools every box of `boxes` [K, 5] = (batch index, x1, y1, x2, y2) from `input` [N, C, H, W]
/// into [K, C, outH, outW].
///
/// - Parameters:
///   - spatialScale: multiplies box coordinates to reach the feature map (1/16 for a stride-16 map).
///   - samplingRatio: samples per bin along each axis; 0 or negative means ceil(box size / output size).
///   - aligned: shift boxes by -0.5 pixel so that pixel centres line up (Detectron2's choice);
///     without it boxes are also at least 1 pixel wide, as in the original Mask R-CNN.
public func roiAlign(
    _ input: Tensor, boxes: Tensor, outputSize: SpatialSize, spatialScale: Double = 1,
    samplingRatio: Int = -1, aligned: Bool = false
) -> Tensor {
    ExerciseTwins.called("roiAlign", twinOf: ["M02-E12"])
    let op = "roiAlign"
    precondition(input.rank == 4, "\(op): expected input [N, C, H, W], got shape \(input.shape)")
    input.requireFloatingPoint(op)
    precondition(
        boxes.rank == 2 && boxes.shape[1] == 5,
        "\(op): expected boxes [K, 5] = (batch index, x1, y1, x2, y2), got shape \(boxes.shape)")
    let bins = outputSize.resolved(rank: 2, op: op, name: "outputSize")
    precondition(bins.allSatisfy { $0 > 0 }, "\(op): outputSize \(bins) must be positive")
    let (batch, channels, height, width) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
    let rows = boxes.doubles
    let items = (0..<boxes.shape[0]).map { Int(rows[$0 * 5]) }
    for (k, item) in items.enumerated() {
        precondition(item >= 0 && item < batch, "\(op): box \(k) names batch item \(item), but input \(input.shape) has \(batch)")
    }
    let layout = RoIAlignLayout(
        channels: channels, height: height, width: width, bins: bins, spatialScale: spatialScale,
        samplingRatio: samplingRatio, aligned: aligned, items: items, boxes: rows)
    let shape = [items.count, channels, bins[0], bins[1]]
    let y = Tensor.zeros(shape, dtype: input.dtype)
    func run<T: FloatScalar>(_: T.Type) {
        layout.forward(input.storage.pointer(T.self), y.storage.pointer(T.self))
    }
    if input.dtype == .float32 { run(Float.self) } else { run(Double.self) }
    let inputShape = input.shape
    return y.recorded(op, [input, boxes]) { gy, _ in
        let gx = Tensor.zeros(inputShape, dtype: gy.dtype)
        func run<T: FloatScalar>(_: T.Type) {
            layout.backward(gy.storage.pointer(T.self), gx.storage.pointer(T.self))
        }
        if gy.dtype == .float32 { run(Float.self) } else { run(Double.self) }
        return [gx, nil]
    }
}

/// One bilinear sample: the plane offsets of its four neighbours and their weights.
struct RoISample<T: FloatScalar> {
    var bin: Int
    var offsets: (Int, Int, Int, Int)
    var weights: (T, T, T, T)
}

/// Where every box samples the feature map.
struct RoIAlignLayout {
    let channels: Int, height: Int, width: Int
    let bins: [Int]
    let spatialScale: Double
    let samplingRatio: Int
    let aligned: Bool
    let items: [Int]
    /// The boxes' rows (batch index, x1, y1, x2, y2), flattened.
    let boxes: [Double]

    /// The samples of box `k` (out-of-map samples left out) and the divisor of its bins.
    /// Arithmetic in T follows torchvision's CPU kernel step by step.
    func samples<T: FloatScalar>(_ k: Int, _: T.Type) -> (samples: [RoISample<T>], count: T) {
        let offset = aligned ? 0.5 : 0
        let box = boxes[(k * 5 + 1)...].prefix(4).map { T($0 * spatialScale - offset) }
        var (boxWidth, boxHeight) = (box[2] - box[0], box[3] - box[1])
        if !aligned { boxWidth = Swift.max(boxWidth, 1); boxHeight = Swift.max(boxHeight, 1) }
        let binHeight = boxHeight / T(bins[0]), binWidth = boxWidth / T(bins[1])
        let gridHeight = samplingRatio > 0 ? samplingRatio : Int((boxHeight / T(bins[0])).rounded(.up))
        let gridWidth = samplingRatio > 0 ? samplingRatio : Int((boxWidth / T(bins[1])).rounded(.up))
        var result: [RoISample<T>] = []
        result.reserveCapacity(bins[0] * bins[1] * Swift.max(gridHeight * gridWidth, 0))
        // A negative grid (an inverted box with `aligned`) samples nothing, as in torchvision.
        for ph in 0..<bins[0] {
            for pw in 0..<bins[1] {
                for iy in 0..<Swift.max(gridHeight, 0) {
                    let y = box[1] + T(ph) * binHeight + (T(iy) + 0.5) * binHeight / T(gridHeight)
                    for ix in 0..<Swift.max(gridWidth, 0) {
                        let x = box[0] + T(pw) * binWidth + (T(ix) + 0.5) * binWidth / T(gridWidth)
                        if let sample = bilinear(y: y, x: x, bin: ph * bins[1] + pw) { result.append(sample) }
                    }
                }
            }
        }
        return (result, T(Swift.max(gridHeight * gridWidth, 1)))
    }

    /// torchvision's bilinear_interpolate: nil outside [-1, size]; edges clamp.
    private func bilinear<T: FloatScalar>(y: T, x: T, bin: Int) -> RoISample<T>? {
        if y < -1 || y > T(height) || x < -1 || x > T(width) { return nil }
        var (y, x) = (Swift.max(y, 0), Swift.max(x, 0))
        var (yLow, xLow) = (Int(y), Int(x)), yHigh = yLow + 1, xHigh = xLow + 1
        if yLow >= height - 1 { yLow = height - 1; yHigh = yLow; y = T(yLow) }
        if xLow >= width - 1 { xLow = width - 1; xHigh = xLow; x = T(xLow) }
        let (ly, lx) = (y - T(yLow), x - T(xLow)), (hy, hx) = (1 - ly, 1 - lx)
        return RoISample(
            bin: bin,
            offsets: (yLow * width + xLow, yLow * width + xHigh, yHigh * width + xLow, yHigh * width + xHigh),
            weights: (hy * hx, hy * lx, ly * hx, ly * lx))
    }

    var planeSize: Int { height * width }
    var binCount: Int { bins[0] * bins[1] }

    /// Visits every (box, channel) pair with the box's samples, their divisor, and the offsets
    /// of its feature-map plane and of its output bins.
    @inline(__always)
    private func forEachBoxChannel<T: FloatScalar>(
        _: T.Type,
        _ visit: (
            _ samples: [RoISample<T>], _ count: T,
            _ plane: Int, _ bins: Int
        ) -> Void
    ) {
        for (k, item) in items.enumerated() {
            let (samples, count) = self.samples(k, T.self)
            for c in 0..<channels { visit(samples, count, (item * channels + c) * planeSize, (k * channels + c) * binCount) }
        }
    }

    func forward<T: FloatScalar>(_ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>) {
        forEachBoxChannel(T.self) { samples, count, plane, bins in
            let (input, out) = (x + plane, y + bins)
            for s in samples {
                let o = s.offsets, w = s.weights
                out[s.bin] += w.0 * input[o.0] + w.1 * input[o.1] + w.2 * input[o.2] + w.3 * input[o.3]
            }
            for b in 0..<binCount { out[b] /= count }
        }
    }

    func backward<T: FloatScalar>(_ gy: UnsafePointer<T>, _ gx: UnsafeMutablePointer<T>) {
        forEachBoxChannel(T.self) { samples, count, plane, bins in
            let (input, grad) = (gx + plane, gy + bins)
            for s in samples {
                let g = grad[s.bin] / count, o = s.offsets, w = s.weights
                input[o.0] += w.0 * g
                input[o.1] += w.1 * g
                input[o.2] += w.2 * g
                input[o.3] += w.3 * g
            }
        }
    }
}
