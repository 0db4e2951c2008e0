// Resizing feature maps, as `torch.nn.functional.interpolate` (modes "nearest"
// and "bilinear"), including PyTorch's `align_corners` and scale-factor rules.
//
// Each output coordinate reads a source coordinate along each dimension
// independently, so index tables are built once per dimension. The op is
// linear in its input: the backward adds each output's gradient back onto the
// inputs it read, with the same weights.

/// How `upsample` reads between input pixels.
public enum InterpolationMode: String, Sendable {
    /// The input pixel at `floor(out · in / outSize)` (PyTorch's "nearest"); 1-D, 2-D and 3-D.
    case nearest
    /// Weighted mean of the 4 surrounding pixels (2-D only).
    case bilinear
}

/// Resizes [N, C, spatial...] to `size`, or by `scaleFactor` (output = floor(input · scale)).
///
/// With `alignCorners` (bilinear only) the corner pixels of input and output line up and the
/// scale is (in-1)/(out-1); without it pixels are areas and the scale is in/out (or 1/scaleFactor
/// when one was given, as PyTorch does).
///
/// ```swift
/// let up = upsample(x, scaleFactor: 2, mode: .bilinear)      // [N, C, 2H, 2W]
/// ```
public func upsample(
    _ input: Tensor, size: SpatialSize? = nil, scaleFactor: Double? = nil,
    mode: InterpolationMode = .nearest, alignCorners: Bool = false
) -> Tensor {
    ExerciseTwins.called("upsample", twinOf: ["P04-E04"])
    let op = "upsample(\(mode))"
    let rank = input.rank - 2
    precondition(
        mode == .bilinear ? rank == 2 : (1...3).contains(rank),
        "\(op): expected input [N, C, \(mode == .bilinear ? "H, W" : "spatial...")], got shape \(input.shape)")
    input.requireFloatingPoint(op)
    precondition((size == nil) != (scaleFactor == nil), "\(op): give exactly one of size and scaleFactor")
    precondition(!alignCorners || mode == .bilinear, "\(op): alignCorners only applies to bilinear interpolation")
    let inputSize = Array(input.shape.suffix(rank))
    var outputSize: [Int]
    if let size {
        outputSize = size.resolved(rank: rank, op: op, name: "size")
    } else {
        precondition(scaleFactor! > 0, "\(op): scaleFactor must be positive, got \(scaleFactor!)")
        outputSize = inputSize.map { Int((Double($0) * scaleFactor!).rounded(.down)) }
    }
    precondition(outputSize.allSatisfy { $0 > 0 }, "\(op): output size \(outputSize) for input \(input.shape) must be positive")
    let shape = Array(input.shape.prefix(2)) + outputSize
    let planes = input.shape[0] * input.shape[1]
    switch mode {
    case .nearest:
        let sampling = NearestSampling(input: lifted(inputSize, fill: 1), output: lifted(outputSize, fill: 1), scaleFactor: scaleFactor)
        return resampled(
            input, shape: shape, op: op,
            forward: { sampling.forward($0, $1, planes: planes) }, backward: { sampling.backward($0, $1, planes: planes) })
    case .bilinear:
        let sampling = BilinearSampling(input: inputSize, output: outputSize, scaleFactor: scaleFactor, alignCorners: alignCorners)
        return resampled(
            input, shape: shape, op: op,
            forward: { sampling.forward($0, $1, planes: planes) }, backward: { sampling.backward($0, $1, planes: planes) })
    }
}

/// Runs a linear resampling forward, and records its backward. `forward(x, y)` writes y;
/// `backward(gy, gx)` adds into a zeroed gx. Both see the dtype's own elements.
private func resampled(
    _ input: Tensor, shape: [Int], op: String,
    forward: @escaping (Tensor, Tensor) -> Void, backward: @escaping (Tensor, Tensor) -> Void
) -> Tensor {
    let y = Tensor(shape: shape, storage: Storage(dtype: input.dtype, count: Shape.count(shape)))
    forward(input, y)
    let inputShape = input.shape
    return y.recorded(op, [input]) { gy, _ in
        let gx = Tensor.zeros(inputShape, dtype: gy.dtype)
        backward(gy, gx)
        return [gx]
    }
}

/// PyTorch's source index scale when no corners are aligned: 1/scaleFactor if one was given, else in/out.
private func sourceScale<T: FloatScalar>(input: Int, output: Int, scaleFactor: Double?) -> T {
    if let scaleFactor, scaleFactor > 0 { return T(1 / scaleFactor) }
    return T(input) / T(output)
}

/// Nearest-neighbour index tables, lifted to three dimensions.
struct NearestSampling {
    /// For every dimension and output index, the input index read.
    let sources: [[Int]]
    let input: [Int]

    init(input: [Int], output: [Int], scaleFactor: Double?) {
        self.input = input
        sources = (0..<3).map { d in
            // PyTorch computes this index in float32 for every dtype: floor(o · scale), capped at in - 1.
            let scale: Float = sourceScale(input: input[d], output: output[d], scaleFactor: input[d] == output[d] ? nil : scaleFactor)
            return (0..<output[d]).map { o in Swift.min(Int((Float(o) * scale).rounded(.down)), input[d] - 1) }
        }
    }

    /// Visits every output with the flat input index it reads.
    @inline(__always) private func forEachOutput(planes: Int, _ visit: (_ output: Int, _ input: Int) -> Void) {
        let (height, width, volume) = (input[1], input[2], input.reduce(1, *))
        var o = 0
        for plane in 0..<planes {
            for sd in sources[0] {
                for sh in sources[1] {
                    let row = plane * volume + (sd * height + sh) * width
                    for sw in sources[2] {
                        visit(o, row + sw)
                        o += 1
                    }
                }
            }
        }
    }

    func forward(_ x: Tensor, _ y: Tensor, planes: Int) {
        func run<T: FloatScalar>(_: T.Type) {
            let from = x.storage.pointer(T.self), to = y.storage.pointer(T.self)
            forEachOutput(planes: planes) { o, i in to[o] = from[i] }
        }
        if x.dtype == .float32 { run(Float.self) } else { run(Double.self) }
    }

    func backward(_ gy: Tensor, _ gx: Tensor, planes: Int) {
        func run<T: FloatScalar>(_: T.Type) {
            let from = gy.storage.pointer(T.self), to = gx.storage.pointer(T.self)
            forEachOutput(planes: planes) { o, i in to[i] += from[o] }
        }
        if gy.dtype == .float32 { run(Float.self) } else { run(Double.self) }
    }
}

/// Bilinear interpolation over [H, W] planes: each output reads rows (h0, h1) and
/// columns (w0, w1) with weights (1-λ, λ) per dimension.
struct BilinearSampling {
    let input: [Int]
    let output: [Int]
    let scaleFactor: Double?
    let alignCorners: Bool

    /// Per output index along dimension `d`: the two input indices and their weights,
    /// computed in the element type as PyTorch does.
    func table<T: FloatScalar>(_ d: Int, _: T.Type) -> [(i0: Int, i1: Int, l0: T, l1: T)] {
        let (n, m) = (input[d], output[d])
        let scale: T = alignCorners ? (m > 1 ? T(n - 1) / T(m - 1) : 0) : sourceScale(input: n, output: m, scaleFactor: scaleFactor)
        return (0..<m).map { o in
            if n == m { return (o, o, 1, 0) }
            var source = alignCorners ? scale * T(o) : scale * (T(o) + 0.5) - 0.5
            if source < 0 { source = 0 }
            let i0 = Swift.min(Int(source.rounded(.down)), n - 1)
            let l1 = Swift.min(Swift.max(source - T(i0), 0), 1)
            return (i0, i0 < n - 1 ? i0 + 1 : i0, 1 - l1, l1)
        }
    }

    /// Visits every output with its four input offsets (within its plane) and weights.
    @inline(__always) private func forEachOutput<T: FloatScalar>(
        planes: Int, _: T.Type,
        _ visit: (
            _ output: Int, _ plane: Int, _ rows: (Int, Int), _ columns: (Int, Int),
            _ h: (T, T), _ w: (T, T)
        ) -> Void
    ) {
        let rows = table(0, T.self), columns = table(1, T.self), width = input[1], volume = input[0] * input[1]
        var o = 0
        for plane in 0..<planes {
            for r in rows {
                for c in columns {
                    visit(o, plane * volume, (r.i0 * width, r.i1 * width), (c.i0, c.i1), (r.l0, r.l1), (c.l0, c.l1))
                    o += 1
                }
            }
        }
    }

    func forward(_ x: Tensor, _ y: Tensor, planes: Int) {
        func run<T: FloatScalar>(_: T.Type) {
            let from = x.storage.pointer(T.self), to = y.storage.pointer(T.self)
            forEachOutput(planes: planes, T.self) { o, plane, r, c, h, w in
                let p = from + plane
                to[o] = h.0 * (w.0 * p[r.0 + c.0] + w.1 * p[r.0 + c.1]) + h.1 * (w.0 * p[r.1 + c.0] + w.1 * p[r.1 + c.1])
            }
        }
        if x.dtype == .float32 { run(Float.self) } else { run(Double.self) }
    }

    func backward(_ gy: Tensor, _ gx: Tensor, planes: Int) {
        func run<T: FloatScalar>(_: T.Type) {
            let from = gy.storage.pointer(T.self), to = gx.storage.pointer(T.self)
            forEachOutput(planes: planes, T.self) { o, plane, r, c, h, w in
                let p = to + plane, g = from[o]
                p[r.0 + c.0] += h.0 * w.0 * g
                p[r.0 + c.1] += h.0 * w.1 * g
                p[r.1 + c.0] += h.1 * w.0 * g
                p[r.1 + c.1] += h.1 * w.1 * g
            }
        }
        if gy.dtype == .float32 { run(Float.self) } else { run(Double.self) }
    }
}
