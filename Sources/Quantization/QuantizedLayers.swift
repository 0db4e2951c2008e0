import CInt8
import Foundation
import Tensors

/// uint8 activations with their quantization: [N, C, H, W] or [N, features], row-major.
public struct QuantizedTensor: Equatable {
    public var values: [UInt8]
    public var shape: [Int]
    public var quantization: AffineQuantization

    public init(values: [UInt8], shape: [Int], quantization: AffineQuantization) {
        precondition(values.count == shape.reduce(1, *), "QuantizedTensor: \(values.count) values for shape \(shape)")
        (self.values, self.shape, self.quantization) = (values, shape, quantization)
    }

    /// Quantizes a float32 tensor.
    public init(quantizing x: Tensor, with quantization: AffineQuantization) {
        self.init(values: x.scalars.map { UInt8(quantization.quantize($0)) }, shape: x.shape, quantization: quantization)
    }

    /// The real values, float32.
    public func dequantized() -> Tensor {
        Tensor(values.map { quantization.dequantize(Int32($0)) }, shape: shape)
    }
}

/// A layer computed as one int8 GEMM per group: output channel r of `rows` is
/// clamp(z_out + M_r·(Σ_k w_rk·(x_k − z_in) + bias_r)), with M_r = s_in·s_w,r / s_out as a
/// `QuantizedMultiplier`; without an output quantization the layer returns float
/// (Σ + bias_r)·s_in·s_w,r instead (the logits).
public struct QuantizedGEMMLayer: Codable, Equatable {
    /// Output channels, and the reduction length per output (in/groups·kh·kw).
    public let rows: Int, depth: Int
    /// `depth` rounded up to a multiple of 4, the row length of `weights`.
    public let paddedDepth: Int
    /// rows × paddedDepth, int8 in [−127, 127], zero past `depth`.
    public let weights: [Int8]
    public let weightScales: [Float]
    /// int32 at scale s_in·s_w,r.
    public let bias: [Int32]
    public let input: AffineQuantization
    public let output: AffineQuantization?
    public let activation: Activation
    /// s_in·s_w,r / s_out per row.
    public let multipliers: [QuantizedMultiplier]
    /// The clamp in output units: [z_out, 255] after a ReLU, [z_out, q(6)] after ReLU6.
    public let low: Int32, high: Int32
    /// bias − z_in·Σ_k w_rk: the input zero point moved out of the GEMM.
    let shiftedBias: [Int32]
    let multiplierValues: [Int32], multiplierShifts: [Int32]

    public init(
        weights w: ChannelQuantizedWeights, bias: [Float], input: AffineQuantization,
        output: AffineQuantization?, activation: Activation
    ) {
        let rows = w.channels, depth = w.values.count / w.channels
        let padded = (depth + 3) / 4 * 4
        var packed = [Int8](repeating: 0, count: rows * padded)
        for r in 0..<rows { for k in 0..<depth { packed[r * padded + k] = w.values[r * depth + k] } }
        self.init(
            rows: rows, depth: depth, weights: packed, weightScales: w.scales,
            bias: quantizeBias(bias, inputScale: input.scale, weightScales: w.scales),
            input: input, output: output, activation: activation)
    }

    /// From the stored parts; the multipliers, the clamp and the shifted bias follow from them.
    public init(
        rows: Int, depth: Int, weights: [Int8], weightScales: [Float], bias: [Int32], input: AffineQuantization,
        output: AffineQuantization?, activation: Activation
    ) {
        let padded = (depth + 3) / 4 * 4
        precondition(
            weights.count == rows * padded && weightScales.count == rows && bias.count == rows,
            "QuantizedGEMMLayer: parts of \(rows) rows × \(padded) do not match")
        (self.rows, self.depth, self.paddedDepth, self.weights, self.weightScales) = (rows, depth, padded, weights, weightScales)
        (self.bias, self.input, self.output, self.activation) = (bias, input, output, activation)
        multipliers =
            output.map { out in weightScales.map { QuantizedMultiplier(Double(input.scale) * Double($0) / Double(out.scale)) } }
            ?? Array(repeating: QuantizedMultiplier(multiplier: 0, shift: 0), count: rows)
        let z = output?.zeroPoint ?? 0
        low = activation == .none ? 0 : z
        high = activation == .relu6 ? (output.map { $0.quantize(6) } ?? 255) : 255
        shiftedBias = (0..<rows).map { r in
            let sum = weights[(r * padded)..<((r + 1) * padded)].reduce(Int32(0)) { $0 + Int32($1) }
            return bias[r] &- input.zeroPoint &* sum
        }
        multiplierValues = multipliers.map(\.multiplier)
        multiplierShifts = multipliers.map(\.shift)
    }

    /// Rows `rowRange` over `n` columns of `columns` (int8_gemm's layout, `ldx` columns per group):
    /// uint8 into `out` (row stride `ldout`), through `accumulators` (rowRange.count × n).
    func run(
        rows rowRange: Range<Int>, columns: UnsafePointer<UInt8>, n: Int, ldx: Int,
        accumulators: UnsafeMutablePointer<Int32>, out: UnsafeMutablePointer<UInt8>, ldout: Int
    ) {
        precondition(output != nil, "QuantizedGEMMLayer: a float-output layer has no uint8 result")
        weights.withUnsafeBufferPointer { w in
            int8_gemm(
                Int32(rowRange.count), Int32(n), Int32(paddedDepth), w.baseAddress! + rowRange.lowerBound * paddedDepth,
                columns, Int32(ldx), accumulators, Int32(n))
        }
        let r0 = rowRange.lowerBound
        shiftedBias.withUnsafeBufferPointer { b in
            multiplierValues.withUnsafeBufferPointer { m in
                multiplierShifts.withUnsafeBufferPointer { s in
                    int8_requantize(
                        Int32(rowRange.count), Int32(n), accumulators, Int32(n), b.baseAddress! + r0, m.baseAddress! + r0,
                        s.baseAddress! + r0, output!.zeroPoint, low, high, out, Int32(ldout))
                }
            }
        }
    }

    /// The int32 sums Σ_k w_rk·(x_k − z_in) + bias_r for all rows (rows × n).
    func accumulate(columns: UnsafePointer<UInt8>, n: Int, ldx: Int) -> [Int32] {
        var acc = [Int32](repeating: 0, count: rows * n)
        weights.withUnsafeBufferPointer { w in
            acc.withUnsafeMutableBufferPointer { a in
                int8_gemm(Int32(rows), Int32(n), Int32(paddedDepth), w.baseAddress!, columns, Int32(ldx), a.baseAddress!, Int32(n))
            }
        }
        for r in 0..<rows { for j in 0..<n { acc[r * n + j] &+= shiftedBias[r] } }
        return acc
    }

    enum CodingKeys: String, CodingKey { case rows, depth, weights, weightScales, bias, input, output, activation }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let rows = try c.decode(Int.self, forKey: .rows), depth = try c.decode(Int.self, forKey: .depth)
        var weights = try c.decode(Data.self, forKey: .weights).map { Int8(bitPattern: $0) }
        let scales: [Float] = try unpack(c.decode(Data.self, forKey: .weightScales)), bias: [Int32] = try unpack(c.decode(Data.self, forKey: .bias))
        guard (1...(1 << 30)).contains(rows), (1...(1 << 30)).contains(depth) else {
            throw DecodingError.dataCorruptedError(forKey: .rows, in: c, debugDescription: "a layer of \(rows) rows of depth \(depth)")
        }
        let padded = (depth + 3) / 4 * 4
        if weights.count == rows * depth, depth != padded {  // stored without the padding
            var spread = [Int8](repeating: 0, count: rows * padded)
            for r in 0..<rows { for k in 0..<depth { spread[r * padded + k] = weights[r * depth + k] } }
            weights = spread
        }
        guard weights.count == rows * padded, scales.count == rows, bias.count == rows,
            scales.allSatisfy({ $0 > 0 && $0.isFinite })
        else {
            throw DecodingError.dataCorruptedError(forKey: .weights, in: c, debugDescription: "layer parts do not match \(rows) rows of depth \(depth)")
        }
        self.init(
            rows: rows, depth: depth, weights: weights, weightScales: scales, bias: bias,
            input: try c.decode(AffineQuantization.self, forKey: .input),
            output: try c.decodeIfPresent(AffineQuantization.self, forKey: .output),
            activation: try c.decode(Activation.self, forKey: .activation))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rows, forKey: .rows); try c.encode(depth, forKey: .depth)
        // Rows without their zero padding: a 3×3 depthwise filter stores 9 bytes, not 12.
        var unpadded = [Int8]()
        unpadded.reserveCapacity(rows * depth)
        for r in 0..<rows { unpadded += weights[(r * paddedDepth)..<(r * paddedDepth + depth)] }
        try c.encode(Data(unpadded.map { UInt8(bitPattern: $0) }), forKey: .weights)
        try c.encode(pack(weightScales), forKey: .weightScales); try c.encode(pack(bias), forKey: .bias)
        try c.encode(input, forKey: .input); try c.encodeIfPresent(output, forKey: .output); try c.encode(activation, forKey: .activation)
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.rows == b.rows && a.depth == b.depth && a.weights == b.weights && a.weightScales == b.weightScales && a.bias == b.bias
            && a.input == b.input && a.output == b.output && a.activation == b.activation
    }
}

/// 4-byte values as little-endian bytes, for compact model files.
private func pack<T: FixedWidthInteger>(_ values: [T]) -> Data {
    var data = Data(capacity: values.count * MemoryLayout<T>.size)
    for v in values { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
    return data
}

private func pack(_ values: [Float]) -> Data { pack(values.map(\.bitPattern)) }

private func unpack<T: FixedWidthInteger>(_ data: Data) throws -> [T] {
    let size = MemoryLayout<T>.size
    guard data.count % size == 0 else { throw QuantizationError.badInput("\(data.count) bytes is not a whole number of \(size)-byte values") }
    let bytes = [UInt8](data)
    return (0..<(data.count / size)).map { i in
        (0..<size).reduce(T.zero) { value, b in value | T(truncatingIfNeeded: bytes[i * size + b]) << (8 * b) }
    }
}

private func unpack(_ data: Data) throws -> [Float] { try unpack(data).map { (bits: UInt32) in Float(bitPattern: bits) } }

/// A 2-D convolution on uint8 images: im2col, then the GEMM layer per group.
public struct QuantizedConvolution: Codable, Equatable {
    public let layer: QuantizedGEMMLayer
    public let inChannels: Int, kernel: [Int], stride: [Int], padding: [Int], groups: Int

    public init(layer: QuantizedGEMMLayer, inChannels: Int, kernel: [Int], stride: [Int], padding: [Int], groups: Int) {
        (self.layer, self.inChannels, self.kernel, self.stride, self.padding, self.groups) = (layer, inChannels, kernel, stride, padding, groups)
    }

    func outputSize(_ h: Int, _ w: Int) -> (Int, Int) {
        ((h + 2 * padding[0] - kernel[0]) / stride[0] + 1, (w + 2 * padding[1] - kernel[1]) / stride[1] + 1)
    }

    public func callAsFunction(_ x: QuantizedTensor) throws -> QuantizedTensor {
        guard x.shape.count == 4, x.shape[1] == inChannels, let out = layer.output else {
            throw QuantizationError.badInput("convolution of \(inChannels) channels got shape \(x.shape)")
        }
        let (batch, h, w) = (x.shape[0], x.shape[2], x.shape[3])
        let (oh, ow) = outputSize(h, w)
        guard oh > 0, ow > 0 else { throw QuantizationError.badInput("image \(h)×\(w) smaller than kernel \(kernel)") }
        if isDepthwise { return depthwise(x, output: out, oh: oh, ow: ow) }
        let n = oh * ow, rows = layer.rows, groupRows = rows / groups, groupChannels = inChannels / groups
        var result = [UInt8](repeating: 0, count: batch * rows * n)
        let pad = UInt8(x.quantization.zeroPoint), kp = layer.paddedDepth, groupsOf4 = kp / 4
        // Small images share one GEMM (at least 256 columns); chunks of images run one per core,
        // and a single chunk splits its im2col and its columns over the cores instead.
        let perChunk = Swift.min(batch, Swift.max(1, (256 + n - 1) / n)), chunks = (batch + perChunk - 1) / perChunk
        x.values.withUnsafeBufferPointer { input in
            result.withUnsafeMutableBufferPointer { output in
                Threads.forEachPiece(chunks) { chunk in
                    let first = chunk * perChunk, count = Swift.min(perChunk, batch - first), total = count * n
                    let pieces = chunks == 1 ? Swift.max(1, Swift.min(8, total / 64, rows * total * kp / (1 << 20))) : 1
                    let im2colPieces = chunks == 1 ? Swift.min(groupsOf4, Threads.limit) : 1
                    var columns = [UInt8](repeating: 0, count: kp * total)
                    var staging = [UInt8](repeating: 0, count: count > 1 ? rows * total : 0)
                    for g in 0..<groups {
                        columns.withUnsafeMutableBufferPointer { col in
                            Threads.forEachPiece(im2colPieces) { p in
                                for i in 0..<count {
                                    int8_im2col(
                                        input.baseAddress! + ((first + i) * inChannels + g * groupChannels) * h * w, Int32(groupChannels),
                                        Int32(h), Int32(w), Int32(kernel[0]), Int32(kernel[1]), Int32(stride[0]), Int32(stride[1]),
                                        Int32(padding[0]), Int32(padding[1]), Int32(oh), Int32(ow), pad,
                                        Int32(groupsOf4 * p / im2colPieces), Int32(groupsOf4 * (p + 1) / im2colPieces),
                                        col.baseAddress! + 4 * i * n, Int32(total))
                                }
                            }
                        }
                        // One image writes its rows in place; several write [rows, total] to be split below.
                        let target = count == 1 ? output.baseAddress! + first * rows * n : nil
                        columns.withUnsafeBufferPointer { col in
                            staging.withUnsafeMutableBufferPointer { stage in
                                Threads.forEachPiece(pieces) { p in
                                    let c0 = total * p / pieces / 32 * 32, c1 = p == pieces - 1 ? total : total * (p + 1) / pieces / 32 * 32
                                    guard c1 > c0 else { return }
                                    let acc = UnsafeMutablePointer<Int32>.allocate(capacity: groupRows * (c1 - c0))
                                    defer { acc.deallocate() }
                                    layer.run(
                                        rows: (g * groupRows)..<((g + 1) * groupRows), columns: col.baseAddress! + 4 * c0, n: c1 - c0, ldx: total,
                                        accumulators: acc, out: (target ?? stage.baseAddress!) + g * groupRows * total + c0, ldout: total)
                                }
                            }
                        }
                    }
                    if count > 1 {
                        staging.withUnsafeBufferPointer { stage in
                            for i in 0..<count {
                                for r in 0..<rows {
                                    (output.baseAddress! + ((first + i) * rows + r) * n).update(from: stage.baseAddress! + r * total + i * n, count: n)
                                }
                            }
                        }
                    }
                }
            }
        }
        return QuantizedTensor(values: result, shape: [batch, rows, oh, ow], quantization: out)
    }
}

extension QuantizedConvolution {
    /// One filter per channel (MobileNet's 3×3 stage): groups = input = output channels.
    var isDepthwise: Bool { groups == inChannels && layer.rows == groups && groups > 1 }

    /// The depthwise case summed directly (`int8_depthwise`), 16 channels of one image per piece
    /// of work: the same integers as the im2col + GEMM path, without 1-row GEMMs.
    private func depthwise(_ x: QuantizedTensor, output: AffineQuantization, oh: Int, ow: Int) -> QuantizedTensor {
        let (batch, channels, h, w) = (x.shape[0], inChannels, x.shape[2], x.shape[3])
        let blocks = (channels + 15) / 16, pad = UInt8(x.quantization.zeroPoint)
        var result = [UInt8](repeating: 0, count: batch * channels * oh * ow)
        x.values.withUnsafeBufferPointer { input in
            result.withUnsafeMutableBufferPointer { out in
                layer.weights.withUnsafeBufferPointer { weights in
                    layer.shiftedBias.withUnsafeBufferPointer { bias in
                        layer.multiplierValues.withUnsafeBufferPointer { multipliers in
                            layer.multiplierShifts.withUnsafeBufferPointer { shifts in
                                Threads.forEachPiece(batch * blocks) { piece in
                                    let (image, block) = piece.quotientAndRemainder(dividingBy: blocks)
                                    let row = UnsafeMutablePointer<Int32>.allocate(capacity: ow)
                                    defer { row.deallocate() }
                                    int8_depthwise(
                                        input.baseAddress! + image * channels * h * w, Int32(16 * block), Int32(Swift.min(channels, 16 * (block + 1))),
                                        Int32(h), Int32(w), Int32(kernel[0]), Int32(kernel[1]), Int32(stride[0]), Int32(stride[1]),
                                        Int32(padding[0]), Int32(padding[1]), Int32(oh), Int32(ow), pad,
                                        weights.baseAddress!, Int32(layer.paddedDepth), bias.baseAddress!, multipliers.baseAddress!,
                                        shifts.baseAddress!, output.zeroPoint, layer.low, layer.high, row, out.baseAddress! + image * channels * oh * ow)
                                }
                            }
                        }
                    }
                }
            }
        }
        return QuantizedTensor(values: result, shape: [batch, channels, oh, ow], quantization: output)
    }
}

/// A fully connected layer on uint8 rows [N, features].
public struct QuantizedLinear: Codable, Equatable {
    public let layer: QuantizedGEMMLayer

    public init(layer: QuantizedGEMMLayer) { self.layer = layer }

    /// The input rows in int8_gemm's layout, one column per example.
    private func columns(_ x: QuantizedTensor) throws -> [UInt8] {
        guard x.shape.count == 2, x.shape[1] == layer.depth else {
            throw QuantizationError.badInput("linear layer of \(layer.depth) features got shape \(x.shape)")
        }
        let (batch, k) = (x.shape[0], layer.depth)
        var packed = [UInt8](repeating: 0, count: layer.paddedDepth * batch)
        for j in 0..<batch { for i in 0..<k { packed[(i / 4 * batch + j) * 4 + i % 4] = x.values[j * k + i] } }
        return packed
    }

    public func callAsFunction(_ x: QuantizedTensor) throws -> QuantizedTensor {
        guard let out = layer.output else { throw QuantizationError.badInput("a float-output layer returns logits") }
        let batch = x.shape[0], packed = try columns(x)
        var transposed = [UInt8](repeating: 0, count: layer.rows * batch)
        let acc = UnsafeMutablePointer<Int32>.allocate(capacity: layer.rows * batch)
        defer { acc.deallocate() }
        packed.withUnsafeBufferPointer { col in
            transposed.withUnsafeMutableBufferPointer { t in
                layer.run(rows: 0..<layer.rows, columns: col.baseAddress!, n: batch, ldx: batch, accumulators: acc, out: t.baseAddress!, ldout: batch)
            }
        }
        var values = [UInt8](repeating: 0, count: layer.rows * batch)
        for r in 0..<layer.rows { for j in 0..<batch { values[j * layer.rows + r] = transposed[r * batch + j] } }
        return QuantizedTensor(values: values, shape: [batch, layer.rows], quantization: out)
    }

    /// Float outputs straight from the int32 sums: (Σ + bias)·s_in·s_w,r.
    public func logits(_ x: QuantizedTensor) throws -> Tensor {
        let batch = x.shape[0], packed = try columns(x)
        let acc = packed.withUnsafeBufferPointer { layer.accumulate(columns: $0.baseAddress!, n: batch, ldx: batch) }
        var values = [Float](repeating: 0, count: layer.rows * batch)
        for r in 0..<layer.rows {
            let scale = layer.input.scale * layer.weightScales[r]
            for j in 0..<batch { values[j * layer.rows + r] = Float(acc[r * batch + j]) * scale }
        }
        return Tensor(values, shape: [batch, layer.rows])
    }
}

/// TFLite's uint8 addition: both inputs rescaled to a common fixed-point scale (left shift 20),
/// summed, requantized to the output, clamped.
public struct QuantizedAdd: Codable, Equatable {
    public static let leftShift: Int32 = 20
    public let a: AffineQuantization, b: AffineQuantization, output: AffineQuantization
    public let aMultiplier: QuantizedMultiplier, bMultiplier: QuantizedMultiplier, outputMultiplier: QuantizedMultiplier
    public let low: Int32, high: Int32

    public init(a: AffineQuantization, b: AffineQuantization, output: AffineQuantization, activation: Activation) {
        let twiceMax = 2 * Double(Swift.max(a.scale, b.scale))
        (self.a, self.b, self.output) = (a, b, output)
        aMultiplier = QuantizedMultiplier(Double(a.scale) / twiceMax)
        bMultiplier = QuantizedMultiplier(Double(b.scale) / twiceMax)
        outputMultiplier = QuantizedMultiplier(twiceMax / (Double(1 << QuantizedAdd.leftShift) * Double(output.scale)))
        low = activation == .none ? 0 : output.zeroPoint
        high = activation == .relu6 ? output.quantize(6) : 255
    }

    /// One element, in Swift: the definition the C kernel behind `callAsFunction` is tested against.
    @inline(__always)
    public func add(_ x: UInt8, _ y: UInt8) -> UInt8 {
        let sx = FixedPoint.multiply((Int32(x) - a.zeroPoint) << QuantizedAdd.leftShift, by: aMultiplier)
        let sy = FixedPoint.multiply((Int32(y) - b.zeroPoint) << QuantizedAdd.leftShift, by: bMultiplier)
        let v = FixedPoint.multiply(sx + sy, by: outputMultiplier) + output.zeroPoint
        return UInt8(Swift.min(Swift.max(v, low), high))
    }

    public func callAsFunction(_ x: QuantizedTensor, _ y: QuantizedTensor) throws -> QuantizedTensor {
        guard x.shape == y.shape else { throw QuantizationError.badInput("adding shapes \(x.shape) and \(y.shape)") }
        var values = [UInt8](repeating: 0, count: x.values.count)
        x.values.withUnsafeBufferPointer { p in
            y.values.withUnsafeBufferPointer { q in
                values.withUnsafeMutableBufferPointer { v in
                    parallelRanges(v.count, grain: 1 << 16) { range in
                        int8_add(
                            Int32(range.count), p.baseAddress! + range.lowerBound, a.zeroPoint, aMultiplier.multiplier, aMultiplier.shift,
                            q.baseAddress! + range.lowerBound, b.zeroPoint, bMultiplier.multiplier, bMultiplier.shift, QuantizedAdd.leftShift,
                            output.zeroPoint, outputMultiplier.multiplier, outputMultiplier.shift, low, high, v.baseAddress! + range.lowerBound)
                    }
                }
            }
        }
        return QuantizedTensor(values: values, shape: x.shape, quantization: output)
    }
}

/// TensorFlow's "same" padding of [N, C, H, W] for a `kernel` window at `stride`, filled with the zero point.
func samePad(_ x: QuantizedTensor, kernel: Int, stride: Int) throws -> QuantizedTensor {
    guard x.shape.count == 4 else { throw QuantizationError.badInput("padding needs [N, C, H, W], got \(x.shape)") }
    let ((top, bottom), (left, right)) = samePadding(x.shape, kernel: kernel, stride: stride)
    if top + bottom + left + right == 0 { return x }
    let (planes, h, w) = (x.shape[0] * x.shape[1], x.shape[2], x.shape[3])
    let (ph, pw) = (h + top + bottom, w + left + right)
    var values = [UInt8](repeating: UInt8(x.quantization.zeroPoint), count: planes * ph * pw)
    for p in 0..<planes {
        for y in 0..<h {
            let source = (p * h + y) * w, target = (p * ph + y + top) * pw + left
            values.replaceSubrange(target..<(target + w), with: x.values[source..<(source + w)])
        }
    }
    return QuantizedTensor(values: values, shape: [x.shape[0], x.shape[1], ph, pw], quantization: x.quantization)
}

/// Max pooling on uint8 (the order of quantized values is the order of the reals); padding never wins.
func maxPool(_ x: QuantizedTensor, _ window: PoolWindow) throws -> QuantizedTensor {
    guard x.shape.count == 4 else { throw QuantizationError.badInput("max pooling needs [N, C, H, W], got \(x.shape)") }
    let (planes, h, w) = (x.shape[0] * x.shape[1], x.shape[2], x.shape[3])
    let (kh, kw, sh, sw, ph, pw) = (window.kernel[0], window.kernel[1], window.stride[0], window.stride[1], window.padding[0], window.padding[1])
    let (oh, ow) = ((h + 2 * ph - kh) / sh + 1, (w + 2 * pw - kw) / sw + 1)
    guard oh > 0, ow > 0 else { throw QuantizationError.badInput("image \(h)×\(w) smaller than pooling window \(window.kernel)") }
    var values = [UInt8](repeating: 0, count: planes * oh * ow)
    x.values.withUnsafeBufferPointer { input in
        values.withUnsafeMutableBufferPointer { output in
            parallelRanges(planes, grain: 8) { range in
                for plane in range {
                    let src = input.baseAddress! + plane * h * w, dst = output.baseAddress! + plane * oh * ow
                    for oy in 0..<oh {
                        let y0 = Swift.max(0, oy * sh - ph), y1 = Swift.min(h, oy * sh - ph + kh)
                        for ox in 0..<ow {
                            let x0 = Swift.max(0, ox * sw - pw), x1 = Swift.min(w, ox * sw - pw + kw)
                            var best: UInt8 = 0
                            for y in y0..<y1 { for xx in x0..<x1 { best = Swift.max(best, src[y * w + xx]) } }
                            dst[oy * ow + ox] = best
                        }
                    }
                }
            }
        }
    }
    return QuantizedTensor(values: values, shape: [x.shape[0], x.shape[1], oh, ow], quantization: x.quantization)
}

/// The mean of each plane in the input's quantization, as TFLite's int8 MEAN computes it:
/// the sum of q − z divided by the count, rounded half away from zero, plus z.
func globalAveragePool(_ x: QuantizedTensor, keepDims: Bool) throws -> QuantizedTensor {
    guard x.shape.count >= 3 else { throw QuantizationError.badInput("average pooling needs [N, C, spatial...], got \(x.shape)") }
    let planes = x.shape[0] * x.shape[1], size = x.values.count / Swift.max(planes, 1), z = Int(x.quantization.zeroPoint)
    let values = (0..<planes).map { p -> UInt8 in
        let centered = x.values[(p * size)..<((p + 1) * size)].reduce(0) { $0 + Int($1) } - z * size
        let mean = centered >= 0 ? (centered + size / 2) / size : -((size / 2 - centered) / size)
        return UInt8(Swift.min(Swift.max(mean + z, 0), 255))
    }
    let shape = keepDims ? [x.shape[0], x.shape[1]] + Array(repeating: 1, count: x.shape.count - 2) : [x.shape[0], x.shape[1]]
    return QuantizedTensor(values: values, shape: shape, quantization: x.quantization)
}
