// Convolution and transposed convolution, as `torch.nn.functional.conv{1,2,3}d`
// and `conv_transpose{1,2,3}d`: channels-first layouts (NCL, NCHW, NCDHW),
// stride, zero padding, dilation and groups (groups == channels is depthwise).
//
//     y[n, o, p] = bias[o] + Σ_{c in o's group, k} w[o, c, k] · x[n, c, p·stride - padding + k·dilation]
//
// Local derivatives: dL/dx is the transposed convolution of dL/dy with w,
// dL/dw correlates dL/dy with x, dL/dbias sums dL/dy over items and positions.
// A transposed convolution is the input-gradient of a convolution, so both ops
// run on the same three kernels (ConvolutionKernels.swift), in swapped roles.

/// 1-D convolution: input [N, C, L] (or [C, L]), weight [out, C/groups, k], bias [out].
public func conv1d(
    _ input: Tensor, _ weight: Tensor, bias: Tensor? = nil, stride: SpatialSize = 1,
    padding: SpatialSize = 0, dilation: SpatialSize = 1, groups: Int = 1
) -> Tensor {
    convolution(input, weight, bias: bias, stride: stride, padding: padding, dilation: dilation, groups: groups, rank: 1, op: "conv1d")
}

/// 2-D convolution: input [N, C, H, W] (or [C, H, W]), weight [out, C/groups, kH, kW], bias [out].
///
/// ```swift
/// let x = Tensor.randn([8, 3, 32, 32])
/// let w = Tensor.randn([16, 3, 3, 3], requiresGrad: true)
/// let y = conv2d(x, w, stride: 2, padding: 1)     // [8, 16, 16, 16]
/// ```
public func conv2d(
    _ input: Tensor, _ weight: Tensor, bias: Tensor? = nil, stride: SpatialSize = 1,
    padding: SpatialSize = 0, dilation: SpatialSize = 1, groups: Int = 1
) -> Tensor {
    ExerciseTwins.called("conv2d", twinOf: ["M02-E01", "M02-E02", "M02-E03", "P04-E02"])
    return convolution(input, weight, bias: bias, stride: stride, padding: padding, dilation: dilation, groups: groups, rank: 2, op: "conv2d")
}

/// 3-D convolution: input [N, C, D, H, W] (or [C, D, H, W]), weight [out, C/groups, kD, kH, kW], bias [out].
public func conv3d(
    _ input: Tensor, _ weight: Tensor, bias: Tensor? = nil, stride: SpatialSize = 1,
    padding: SpatialSize = 0, dilation: SpatialSize = 1, groups: Int = 1
) -> Tensor {
    convolution(input, weight, bias: bias, stride: stride, padding: padding, dilation: dilation, groups: groups, rank: 3, op: "conv3d")
}

/// 1-D transposed convolution: input [N, C, L], weight [C, out/groups, k].
public func convTranspose1d(
    _ input: Tensor, _ weight: Tensor, bias: Tensor? = nil, stride: SpatialSize = 1, padding: SpatialSize = 0,
    outputPadding: SpatialSize = 0, groups: Int = 1, dilation: SpatialSize = 1
) -> Tensor {
    transposedConvolution(
        input, weight, bias: bias, stride: stride, padding: padding, outputPadding: outputPadding,
        groups: groups, dilation: dilation, rank: 1, op: "convTranspose1d")
}

/// 2-D transposed convolution ("deconvolution", the adjoint of `conv2d`): input [N, C, H, W],
/// weight [C, out/groups, kH, kW]; output side (H-1)·stride - 2·padding + dilation·(k-1) + outputPadding + 1.
public func convTranspose2d(
    _ input: Tensor, _ weight: Tensor, bias: Tensor? = nil, stride: SpatialSize = 1, padding: SpatialSize = 0,
    outputPadding: SpatialSize = 0, groups: Int = 1, dilation: SpatialSize = 1
) -> Tensor {
    ExerciseTwins.called("convTranspose2d", twinOf: ["M02-E03"])
    return transposedConvolution(
        input, weight, bias: bias, stride: stride, padding: padding, outputPadding: outputPadding,
        groups: groups, dilation: dilation, rank: 2, op: "convTranspose2d")
}

/// 3-D transposed convolution: input [N, C, D, H, W], weight [C, out/groups, kD, kH, kW].
public func convTranspose3d(
    _ input: Tensor, _ weight: Tensor, bias: Tensor? = nil, stride: SpatialSize = 1, padding: SpatialSize = 0,
    outputPadding: SpatialSize = 0, groups: Int = 1, dilation: SpatialSize = 1
) -> Tensor {
    transposedConvolution(
        input, weight, bias: bias, stride: stride, padding: padding, outputPadding: outputPadding,
        groups: groups, dilation: dilation, rank: 3, op: "convTranspose3d")
}

/// "H, W" for rank 2: the spatial dimension names used in messages.
func spatialNames(_ rank: Int) -> String { [["L"], ["H", "W"], ["D", "H", "W"]][rank - 1].joined(separator: ", ") }

/// Shared checks of both convolution kinds; returns stride, padding, dilation per dimension.
private func checkedConvolutionArguments(
    _ input: Tensor, _ weight: Tensor, bias: Tensor?, biasCount: Int,
    stride: SpatialSize, padding: SpatialSize, dilation: SpatialSize,
    groups: Int, rank: Int, op: String
) -> (stride: [Int], padding: [Int], dilation: [Int]) {
    let names = spatialNames(rank)
    precondition(input.rank == rank + 2, "\(op): expected input [N, C, \(names)] or unbatched [C, \(names)], got shape \(input.shape)")
    precondition(weight.rank == rank + 2, "\(op): expected a weight of rank \(rank + 2), got shape \(weight.shape)")
    input.requireFloatingPoint(op)
    precondition(weight.dtype == input.dtype, "\(op): input is \(input.dtype) but weight is \(weight.dtype)")
    precondition(groups >= 1, "\(op): groups must be positive, got \(groups)")
    if let bias {
        precondition(
            bias.shape == [biasCount] && bias.dtype == input.dtype,
            "\(op): expected bias [\(biasCount)] of \(input.dtype) for weight \(weight.shape), got \(bias.shape) of \(bias.dtype)")
    }
    let s = stride.resolved(rank: rank, op: op, name: "stride")
    let p = padding.resolved(rank: rank, op: op, name: "padding")
    let d = dilation.resolved(rank: rank, op: op, name: "dilation")
    precondition(
        s.allSatisfy { $0 > 0 } && d.allSatisfy { $0 > 0 } && p.allSatisfy { $0 >= 0 },
        "\(op): stride \(s) and dilation \(d) must be positive and padding \(p) non-negative")
    return (s, p, d)
}

func convolution(
    _ input: Tensor, _ weight: Tensor, bias: Tensor?, stride: SpatialSize, padding: SpatialSize,
    dilation: SpatialSize, groups: Int, rank: Int, op: String
) -> Tensor {
    if input.rank == rank + 1 {
        return convolution(
            input.unsqueeze(axis: 0), weight, bias: bias, stride: stride, padding: padding,
            dilation: dilation, groups: groups, rank: rank, op: op
        ).squeeze(axis: 0)
    }
    let outChannels = weight.rank > 0 ? weight.shape[0] : 0
    let (s, p, d) = checkedConvolutionArguments(
        input, weight, bias: bias, biasCount: outChannels, stride: stride, padding: padding,
        dilation: dilation, groups: groups, rank: rank, op: op)
    let channels = weight.shape[1] * groups
    precondition(
        outChannels % groups == 0,
        "\(op): weight \(weight.shape) has \(outChannels) output channels, not divisible by groups \(groups)")
    precondition(
        input.shape[1] == channels,
        "\(op): expected input [N, \(channels), \(spatialNames(rank))] for weight \(weight.shape)"
            + (groups > 1 ? " and groups \(groups)" : "") + ", got \(input.shape)")
    let size = Array(input.shape[2...]), kernel = Array(weight.shape[2...])
    let output = (0..<rank).map { slidingOutputSize(input: size[$0], kernel: kernel[$0], stride: s[$0], padding: p[$0], dilation: d[$0]) }
    precondition(
        output.allSatisfy { $0 > 0 },
        "\(op): input \(input.shape) padded by \(p) is smaller than kernel \(kernel) dilated by \(d)")
    let geometry = ConvGeometry(
        batch: input.shape[0], inChannels: channels, outChannels: outChannels, groups: groups,
        window: SpatialWindow(input: size, output: output, kernel: kernel, stride: s, padding: p, dilation: d))
    let y = geometry.forward(input, weight, bias: bias)
    let inputs = [input, weight] + (bias.map { [$0] } ?? [])
    let needed = inputs.map(\.requiresGrad)
    return y.recorded(op, inputs) { gy, c in
        let (gx, gw) = geometry.backward(gy, x: c.inputs[0], w: c.inputs[1], inputGradient: needed[0], weightGradient: needed[1])
        return [gx, gw] + (needed.count == 3 ? [needed[2] ? biasGradient(gy) : Tensor?.none] : [])
    }
}

func transposedConvolution(
    _ input: Tensor, _ weight: Tensor, bias: Tensor?, stride: SpatialSize, padding: SpatialSize,
    outputPadding: SpatialSize, groups: Int, dilation: SpatialSize, rank: Int, op: String
) -> Tensor {
    if input.rank == rank + 1 {
        return transposedConvolution(
            input.unsqueeze(axis: 0), weight, bias: bias, stride: stride, padding: padding,
            outputPadding: outputPadding, groups: groups, dilation: dilation, rank: rank, op: op
        ).squeeze(axis: 0)
    }
    let outChannels = weight.rank > 1 ? weight.shape[1] * groups : 0
    let (s, p, d) = checkedConvolutionArguments(
        input, weight, bias: bias, biasCount: outChannels, stride: stride, padding: padding,
        dilation: dilation, groups: groups, rank: rank, op: op)
    let channels = weight.shape[0]
    precondition(channels % groups == 0, "\(op): weight \(weight.shape) has \(channels) input channels, not divisible by groups \(groups)")
    precondition(
        input.shape[1] == channels,
        "\(op): expected input [N, \(channels), \(spatialNames(rank))] for weight \(weight.shape), got \(input.shape)")
    let extra = outputPadding.resolved(rank: rank, op: op, name: "outputPadding")
    precondition(
        (0..<rank).allSatisfy { (i: Int) -> Bool in extra[i] >= 0 && extra[i] < Swift.max(s[i], d[i]) },
        "\(op): outputPadding \(extra) must be smaller than stride \(s) or dilation \(d)")
    let size = Array(input.shape[2...]), kernel = Array(weight.shape[2...])
    let output = (0..<rank).map { (i: Int) -> Int in
        let span = (size[i] - 1) * s[i] - 2 * p[i]
        return span + d[i] * (kernel[i] - 1) + extra[i] + 1
    }
    precondition(output.allSatisfy { $0 > 0 }, "\(op): output size \(output) for input \(input.shape) and weight \(weight.shape) is not positive")
    // The convolution whose input-gradient this is: it maps [N, out, output...] to [N, C, size...].
    let geometry = ConvGeometry(
        batch: input.shape[0], inChannels: outChannels, outChannels: channels, groups: groups,
        window: SpatialWindow(input: output, output: size, kernel: kernel, stride: s, padding: p, dilation: d))
    let y = geometry.backward(input, x: nil, w: weight, inputGradient: true, weightGradient: false).input!
    if let bias { y.addChannelBias(bias) }
    let inputs = [input, weight] + (bias.map { [$0] } ?? [])
    let needed = inputs.map(\.requiresGrad)
    return y.recorded(op, inputs) { gy, c in
        let gx: Tensor? = needed[0] ? geometry.forward(gy, c.inputs[1], bias: nil) : nil
        let gw: Tensor? = needed[1] ? geometry.backward(c.inputs[0], x: gy, w: c.inputs[1], inputGradient: false, weightGradient: true).weight : nil
        return [gx, gw] + (needed.count == 3 ? [needed[2] ? biasGradient(gy) : Tensor?.none] : [])
    }
}

// MARK: Tensor-level kernels

extension ConvGeometry {
    /// y = conv(x, w) + bias, shaped [N, O] + the output sizes of the op's own rank.
    func forward(_ x: Tensor, _ w: Tensor, bias: Tensor?) -> Tensor {
        let shape = [batch, outChannels] + Array(window.output.suffix(x.rank - 2))
        let y = Tensor(shape: shape, storage: Storage(dtype: x.dtype, count: Shape.count(shape)))
        func run<T: FloatScalar>(_: T.Type) {
            convolutionForward(
                x.storage.pointer(T.self), w.storage.pointer(T.self), bias: bias?.storage.pointer(T.self),
                into: y.storage.pointer(T.self), self)
        }
        if x.dtype == .float32 { run(Float.self) } else { run(Double.self) }
        return y
    }

    /// (dL/dx, dL/dw) of y = conv(x, w) given gy = dL/dy; each only when asked for.
    /// dL/dx takes its shape from `gy`'s rank; `x` may be nil when only dL/dx is wanted.
    func backward(_ gy: Tensor, x: Tensor?, w: Tensor, inputGradient: Bool, weightGradient: Bool) -> (input: Tensor?, weight: Tensor?) {
        let gx: Tensor? = inputGradient ? Tensor.zeros([batch, inChannels] + Array(window.input.suffix(gy.rank - 2)), dtype: gy.dtype) : nil
        let gw: Tensor? = weightGradient ? Tensor.zeros(w.shape, dtype: gy.dtype) : nil
        if gx == nil && gw == nil { return (nil, nil) }
        func run<T: FloatScalar>(_: T.Type) {
            convolutionBackward(
                gy.storage.pointer(T.self), x: x?.storage.pointer(T.self), w.storage.pointer(T.self),
                gx: gx?.storage.pointer(T.self), gw: gw?.storage.pointer(T.self), self)
        }
        if gy.dtype == .float32 { run(Float.self) } else { run(Double.self) }
        return (gx, gw)
    }
}

/// dL/dbias of a channels-first op: `gy` [N, C, ...] summed over all dimensions but C.
func biasGradient(_ gy: Tensor) -> Tensor {
    let (items, channels) = (gy.shape[0], gy.shape[1])
    let gb = Tensor.zeros([channels], dtype: gy.dtype)
    func run<T: FloatScalar>(_: T.Type) {
        biasGradient(
            gy.storage.pointer(T.self), into: gb.storage.pointer(T.self), items: items, channels: channels,
            length: gy.count / Swift.max(1, items * channels))
    }
    if gy.dtype == .float32 { run(Float.self) } else { run(Double.self) }
    return gb
}

extension Tensor {
    /// Adds `bias[c]` to every element of channel c, in place ([N, C, ...]); for freshly made outputs only.
    func addChannelBias(_ bias: Tensor) {
        let (items, channels) = (shape[0], shape[1])
        let length = count / Swift.max(1, items * channels)
        func run<T: FloatScalar>(_: T.Type) {
            let y = storage.pointer(T.self), b = bias.storage.pointer(T.self)
            for i in 0..<items * channels {
                let row = y + i * length, value = b[i % channels]
                for l in 0..<length { row[l] += value }
            }
        }
        if dtype == .float32 { run(Float.self) } else { run(Double.self) }
    }
}
