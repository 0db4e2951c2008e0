import CInt8
import Tensors
import XCTest
@testable import Quantization

/// The integer kernels equal a naive implementation of the same arithmetic bit for bit,
/// with the AVX-512 VNNI kernel (when the CPU has it) and with the portable one.
final class KernelTests: XCTestCase {
    override func tearDown() { int8_force_portable(0) }

    private func eachKernel(_ body: (String) throws -> Void) rethrows {
        for portable: Int32 in [0, 1] {
            int8_force_portable(portable)
            try body(String(cString: int8_kernel_name()))
        }
        int8_force_portable(0)
    }

    func testGEMMEqualsNaiveSums() {
        var rng = SystemRandomNumberGenerator()
        for (m, n, k) in [(1, 1, 1), (8, 32, 4), (13, 45, 37), (17, 70, 150), (64, 3, 9)] {
            let kp = (k + 3) / 4 * 4
            var w = [Int8](repeating: 0, count: m * kp)
            for i in 0..<m { for j in 0..<k { w[i * kp + j] = Int8.random(in: -127...127, using: &rng) } }
            let xs = (0..<(k * n)).map { _ in UInt8.random(in: 0...255, using: &rng) }  // x[k][j]
            var packed = [UInt8](repeating: 0, count: kp * n)
            for kk in 0..<k { for j in 0..<n { packed[((kk / 4) * n + j) * 4 + kk % 4] = xs[kk * n + j] } }
            var expected = [Int32](repeating: 0, count: m * n)
            for i in 0..<m { for j in 0..<n { for kk in 0..<k { expected[i * n + j] += Int32(w[i * kp + kk]) * Int32(xs[kk * n + j]) } } }
            eachKernel { name in
                var c = [Int32](repeating: -1, count: m * n)
                int8_gemm(Int32(m), Int32(n), Int32(kp), w, packed, Int32(n), &c, Int32(n))
                XCTAssertEqual(c, expected, "\(name) m \(m) n \(n) k \(k)")
            }
        }
        // Extreme values: 255 · −127 summed over a long row stays exact.
        let k = 4096, w = [Int8](repeating: -127, count: k), x = [UInt8](repeating: 255, count: k)
        eachKernel { name in
            var c: [Int32] = [0]
            int8_gemm(1, 1, Int32(k), w, x, 1, &c, 1)
            XCTAssertEqual(c, [Int32(-127 * 255 * k)], name)
        }
    }

    func testRequantizeEqualsFixedPoint() {
        let acc: [Int32] = [0, 1, -1, 1000, -1000, 123_456, -654_321, 40_000_000, Int32.max / 2, -77]
        let bias: [Int32] = [17, -300]
        let ms = [QuantizedMultiplier(0.0037), QuantizedMultiplier(1.7)]
        var out = [UInt8](repeating: 0, count: 20)
        int8_requantize(2, 10, acc + acc, 10, bias, ms.map(\.multiplier), ms.map(\.shift), 100, 100, 255, &out, 10)
        for r in 0..<2 {
            for j in 0..<10 {
                let v = FixedPoint.multiply(acc[j] &+ bias[r], by: ms[r]) + 100
                XCTAssertEqual(out[r * 10 + j], UInt8(min(max(v, 100), 255)), "row \(r) acc \(acc[j])")
            }
        }
    }

    /// Σ w·(x − z_in) + bias over the window, requantized with `FixedPoint`, clamped: the definition.
    private func naiveConvolution(_ conv: QuantizedConvolution, _ x: QuantizedTensor) -> [UInt8] {
        let l = conv.layer, out = l.output!
        let (batch, h, w) = (x.shape[0], x.shape[2], x.shape[3])
        let (oh, ow) = conv.outputSize(h, w)
        let groupRows = l.rows / conv.groups, groupChannels = conv.inChannels / conv.groups
        var result: [UInt8] = []
        for b in 0..<batch {
            for r in 0..<l.rows {
                for oy in 0..<oh {
                    for ox in 0..<ow {
                        var acc = l.bias[r]
                        let g = r / groupRows
                        for c in 0..<groupChannels {
                            for dy in 0..<conv.kernel[0] {
                                for dx in 0..<conv.kernel[1] {
                                    let (y, xx) = (oy * conv.stride[0] - conv.padding[0] + dy, ox * conv.stride[1] - conv.padding[1] + dx)
                                    let inside = y >= 0 && y < h && xx >= 0 && xx < w
                                    let v =
                                        inside ? Int32(x.values[((b * conv.inChannels + g * groupChannels + c) * h + y) * w + xx]) : x.quantization.zeroPoint
                                    let weight = Int32(l.weights[r * l.paddedDepth + (c * conv.kernel[0] + dy) * conv.kernel[1] + dx])
                                    acc += weight * (v - x.quantization.zeroPoint)
                                }
                            }
                        }
                        let v = FixedPoint.multiply(acc, by: l.multipliers[r]) + out.zeroPoint
                        result.append(UInt8(min(max(v, l.low), l.high)))
                    }
                }
            }
        }
        return result
    }

    func testConvolutionEqualsNaiveDefinition() throws {
        Random.seed(3)
        let input = AffineQuantization(scale: 0.02, zeroPoint: 37), output = AffineQuantization(scale: 0.05, zeroPoint: 11)
        // (in, out, kernel, stride, padding, groups, batch, size)
        for (cin, cout, k, s, p, g, batch, size) in [
            (3, 8, 3, 1, 1, 1, 1, 9), (4, 6, 5, 2, 2, 2, 3, 11), (16, 40, 1, 1, 0, 1, 2, 7),
            (8, 8, 3, 2, 1, 8, 1, 10), (3, 64, 7, 2, 3, 1, 1, 40),
            // depthwise, summed directly: 3×3 and 5×5, strides 1 and 2, channels past a block of 16
            (40, 40, 3, 1, 1, 40, 2, 13), (24, 24, 5, 2, 2, 24, 1, 14), (16, 16, 3, 2, 0, 16, 3, 8),
        ] {
            let weights = Tensor.randn([cout, cin / g, k, k]).scalars
            let layer = QuantizedGEMMLayer(
                weights: ChannelQuantizedWeights(quantizing: weights, channels: cout),
                bias: Tensor.randn([cout]).scalars, input: input, output: output,
                activation: cout % 2 == 0 ? .relu : .none)
            let conv = QuantizedConvolution(layer: layer, inChannels: cin, kernel: [k, k], stride: [s, s], padding: [p, p], groups: g)
            let x = QuantizedTensor(
                values: (0..<(batch * cin * size * size)).map { _ in UInt8.random(in: 0...255) },
                shape: [batch, cin, size, size], quantization: input)
            let expected = naiveConvolution(conv, x)
            XCTAssertGreaterThan(Set(expected).count, 10, "a degenerate case tests nothing")
            try eachKernel { name in
                XCTAssertEqual(try conv(x).values, expected, "\(name): conv \(cin)→\(cout) k\(k) s\(s) p\(p) g\(g) batch \(batch)")
            }
        }
    }

    func testLinearEqualsNaiveDefinition() throws {
        Random.seed(4)
        let input = AffineQuantization(scale: 0.1, zeroPoint: 5), output = AffineQuantization(scale: 0.3, zeroPoint: 128)
        let (batch, k, rows) = (5, 37, 11)
        let weights = ChannelQuantizedWeights(quantizing: Tensor.randn([rows, k]).scalars, channels: rows)
        let bias = Tensor.randn([rows]).scalars
        let linear = QuantizedLinear(layer: QuantizedGEMMLayer(weights: weights, bias: bias, input: input, output: output, activation: .none))
        let logits = QuantizedLinear(layer: QuantizedGEMMLayer(weights: weights, bias: bias, input: input, output: nil, activation: .none))
        let x = QuantizedTensor(values: (0..<(batch * k)).map { _ in UInt8.random(in: 0...255) }, shape: [batch, k], quantization: input)
        let l = linear.layer
        var expected: [UInt8] = [], expectedLogits: [Float] = []
        for j in 0..<batch {
            for r in 0..<rows {
                var acc = l.bias[r]
                for i in 0..<k { acc += Int32(l.weights[r * l.paddedDepth + i]) * (Int32(x.values[j * k + i]) - input.zeroPoint) }
                expected.append(UInt8(min(max(FixedPoint.multiply(acc, by: l.multipliers[r]) + output.zeroPoint, 0), 255)))
                expectedLogits.append(Float(acc) * (input.scale * l.weightScales[r]))
            }
        }
        try eachKernel { name in
            XCTAssertEqual(try linear(x).values, expected, name)
            XCTAssertEqual(try logits.logits(x).scalars, expectedLogits, name)
        }
    }

    func testAddKernelEqualsItsDefinition() throws {
        let a = AffineQuantization(scale: 0.031, zeroPoint: 120), b = AffineQuantization(scale: 0.007, zeroPoint: 3)
        let add = QuantizedAdd(a: a, b: b, output: AffineQuantization(scale: 0.04, zeroPoint: 90), activation: .relu)
        let count = 100_000
        let x = QuantizedTensor(values: (0..<count).map { _ in UInt8.random(in: 0...255) }, shape: [count], quantization: a)
        let y = QuantizedTensor(values: (0..<count).map { _ in UInt8.random(in: 0...255) }, shape: [count], quantization: b)
        let sum = try add(x, y)
        XCTAssertEqual(sum.values, zip(x.values, y.values).map { add.add($0, $1) })
        XCTAssertEqual(sum.values.min(), 90)  // the ReLU clamps at the output zero point
    }

    func testMaxPoolAndAveragePoolByHand() throws {
        let q = AffineQuantization(scale: 1, zeroPoint: 0)
        let x = QuantizedTensor(values: [1, 9, 3, 4, 5, 6, 7, 8, 2], shape: [1, 1, 3, 3], quantization: q)
        let pooled = try maxPool(x, PoolWindow(kernel: [2, 2], stride: [2, 2], padding: [1, 1]))
        XCTAssertEqual(pooled.values, [1, 9, 7, 8])
        XCTAssertEqual(try globalAveragePool(x, keepDims: false).values, [5])  // 45 / 9
        let y = QuantizedTensor(values: [1, 2], shape: [1, 1, 1, 2], quantization: q)
        XCTAssertEqual(try globalAveragePool(y, keepDims: true).values, [2])  // 1.5 rounds up
        // Halves round away from the zero point: (1 + 2 − 2·3) / 2 = −1.5 → −2, plus 3.
        let z = QuantizedTensor(values: [1, 2], shape: [1, 1, 2], quantization: AffineQuantization(scale: 1, zeroPoint: 3))
        XCTAssertEqual(try globalAveragePool(z, keepDims: false).values, [1])
    }

    func testBadShapesThrow() {
        let q = AffineQuantization(scale: 1, zeroPoint: 0)
        let layer = QuantizedGEMMLayer(
            weights: ChannelQuantizedWeights(quantizing: [1, 2, 3, 4], channels: 1), bias: [0],
            input: q, output: q, activation: .none)
        let conv = QuantizedConvolution(layer: layer, inChannels: 1, kernel: [2, 2], stride: [1, 1], padding: [0, 0], groups: 1)
        XCTAssertThrowsError(try conv(QuantizedTensor(values: [1, 2], shape: [1, 2, 1, 1], quantization: q)))
        XCTAssertThrowsError(try conv(QuantizedTensor(values: [1], shape: [1, 1, 1, 1], quantization: q)))
    }
}
