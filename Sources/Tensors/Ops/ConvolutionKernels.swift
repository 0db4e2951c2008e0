// The convolution engine: im2col + GEMM, for any spatial rank (lifted to 3-D)
// and any number of groups.
//
// A block of `b` batch items is unfolded into a column matrix with one row per
// (input channel, kernel offset) and one column per (item, output position):
//
//     col[(c, kd, kh, kw), (i, od, oh, ow)] = x[i, c, od·s - p + kd·d, ...]   (0 in the padding)
//
// Then, per group, the forward pass is one GEMM, `Y = W · col`, and the backward
// pass is two: `dW += dY · colᵀ` and `dcol = Wᵀ · dY`, whose columns col2im adds
// back onto the input positions they were read from (col2im is im2col's transpose).
// Small images are batched into one block so that each GEMM is large enough;
// blocks stay small enough (`columnBudget`) for the column matrix to be read by
// GEMM from cache right after im2col wrote it.

struct ConvGeometry {
    let batch: Int
    let inChannels: Int
    let outChannels: Int
    let groups: Int
    let window: SpatialWindow

    /// Elements allowed in one column matrix (256 KiB of float32); a block holds as many
    /// items as fit, at least one. Measured on LeNet and VGG layers against 2^15...2^21:
    /// 2^15-2^16 were fastest, 2^21 (8 MiB, out of cache) up to 1.8x slower.
    static let columnBudget = 1 << 16

    var columnRows: Int { inChannels * window.kernelVolume }
    var itemsPerBlock: Int {
        Swift.max(1, Swift.min(batch, ConvGeometry.columnBudget / Swift.max(1, columnRows * window.outputVolume)))
    }
}

/// Visits every row of `items` items' column matrix, one output row (fixed channel,
/// kernel offset, item, od, oh) at a time: `visit(column, input, lo, hi)` gets the offset of
/// its first column, and the input offset read by ow = 0, of which only `lo..<hi` are inside
/// the input (`lo == hi == 0` when the row lies wholly in the padding); ow reads `input + ow·stride`.
@inline(__always)
func forEachColumnRow(_ g: ConvGeometry, items: Int, _ visit: (_ column: Int, _ input: Int, _ lo: Int, _ hi: Int) -> Void) {
    let w = g.window
    let (height, width) = (w.input[1], w.input[2])
    let (outDepth, outHeight, outWidth) = (w.output[0], w.output[1], w.output[2])
    let (strideD, strideH) = (w.stride[0], w.stride[1])
    let outputs = w.outputVolume, rowLength = items * outputs, volume = w.inputVolume
    var row = 0
    for c in 0..<g.inChannels {
        for kd in 0..<w.kernel[0] {
            let depths = w.validOutputs(0, kernel: kd), firstD = w.source(0, output: 0, kernel: kd)
            for kh in 0..<w.kernel[1] {
                let rows = w.validOutputs(1, kernel: kh), firstH = w.source(1, output: 0, kernel: kh)
                for kw in 0..<w.kernel[2] {
                    let (lo, hi) = w.validOutputs(2, kernel: kw)
                    let firstW = w.source(2, output: 0, kernel: kw)
                    for i in 0..<items {
                        let plane = (i * g.inChannels + c) * volume
                        var column = row * rowLength + i * outputs
                        for od in 0..<outDepth {
                            let depthInside = od >= depths.lo && od < depths.hi
                            let id = firstD + od * strideD
                            for oh in 0..<outHeight {
                                if depthInside && oh >= rows.lo && oh < rows.hi {
                                    visit(column, plane + (id * height + firstH + oh * strideH) * width + firstW, lo, hi)
                                } else {
                                    visit(column, 0, 0, 0)
                                }
                                column += outWidth
                            }
                        }
                    }
                    row += 1
                }
            }
        }
    }
}

/// Unfolds `items` items of `x` ([items, C, D, H, W]) into `col` ([C·K, items·L]).
func im2col<T: FloatScalar>(_ x: UnsafePointer<T>, into col: UnsafeMutablePointer<T>, _ g: ConvGeometry, items: Int) {
    let outWidth = g.window.output[2], step = g.window.stride[2]
    forEachColumnRow(g, items: items) { column, input, lo, hi in
        // Rows are short (one output row), so plain loops beat memcpy/memset calls.
        let dst = col + column
        for o in 0..<lo { dst[o] = 0 }
        if step == 1 {
            let src = x + input
            for o in lo..<hi { dst[o] = src[o] }
        } else {
            for o in lo..<hi { dst[o] = x[input + o * step] }
        }
        for o in hi..<outWidth { dst[o] = 0 }
    }
}

/// Adds every column of `col` back onto the input element it was read from (im2col's transpose).
func col2im<T: FloatScalar>(_ col: UnsafePointer<T>, addingInto x: UnsafeMutablePointer<T>, _ g: ConvGeometry, items: Int) {
    let step = g.window.stride[2]
    forEachColumnRow(g, items: items) { column, input, lo, hi in
        let src = col + column
        if step == 1 {
            let dst = x + input
            for o in lo..<hi { dst[o] += src[o] }
        } else {
            for o in lo..<hi { x[input + o * step] += src[o] }
        }
    }
}

/// `dst[c, i·L + l] = src[i, c, l]`: a block of batch-major activations as GEMM's matrix.
func channelsMajor<T: FloatScalar>(_ src: UnsafePointer<T>, _ dst: UnsafeMutablePointer<T>, items: Int, channels: Int, length: Int) {
    for i in 0..<items {
        for c in 0..<channels {
            (dst + (c * items + i) * length).update(from: src + (i * channels + c) * length, count: length)
        }
    }
}

/// `dst[i, c, l] = src[c, i·L + l] + bias[c]`: GEMM's product back to batch-major.
func batchMajor<T: FloatScalar>(
    _ src: UnsafePointer<T>, _ dst: UnsafeMutablePointer<T>, bias: UnsafePointer<T>?,
    items: Int, channels: Int, length: Int
) {
    for i in 0..<items {
        for c in 0..<channels {
            let from = src + (c * items + i) * length, to = dst + (i * channels + c) * length
            let b = bias?[c] ?? 0
            for l in 0..<length { to[l] = from[l] + b }
        }
    }
}

extension ConvGeometry {
    /// Runs `body(first, items, col, matrix)` for each block of `items` batch items starting at
    /// `first`, with scratch for its column matrix and for an [outChannels, items·L] matrix.
    @inline(__always)
    func forEachBlock<T: FloatScalar>(
        _: T.Type,
        _ body: (
            _ first: Int, _ items: Int, _ col: UnsafeMutablePointer<T>,
            _ matrix: UnsafeMutablePointer<T>
        ) -> Void
    ) {
        let block = itemsPerBlock, outputs = window.outputVolume
        withScratch(T.self, count: columnRows * block * outputs) { col in
            withScratch(T.self, count: outChannels * block * outputs) { matrix in
                for first in stride(from: 0, to: batch, by: block) {
                    body(first, Swift.min(block, batch - first), col, matrix)
                }
            }
        }
    }
}

/// y = conv(x, w) + bias: x [N, C, D, H, W], w [O, C/groups, KD, KH, KW], y [N, O, OD, OH, OW].
func convolutionForward<T: FloatScalar>(
    _ x: UnsafePointer<T>, _ w: UnsafePointer<T>, bias: UnsafePointer<T>?,
    into y: UnsafeMutablePointer<T>, _ g: ConvGeometry
) {
    let outputs = g.window.outputVolume
    let groupRows = g.columnRows / g.groups, groupOut = g.outChannels / g.groups
    g.forEachBlock(T.self) { first, items, col, product in
        let columns = items * outputs
        im2col(x + first * g.inChannels * g.window.inputVolume, into: col, g, items: items)
        for group in 0..<g.groups {  // Y = W · col
            T.gemm(
                transA: false, transB: false, m: groupOut, n: columns, k: groupRows,
                w + group * groupOut * groupRows, lda: groupRows,
                col + group * groupRows * columns, ldb: columns,
                beta: 0, product + group * groupOut * columns, ldc: columns)
        }
        batchMajor(product, y + first * g.outChannels * outputs, bias: bias, items: items, channels: g.outChannels, length: outputs)
    }
}

/// Gradients of `conv(x, w)` given `gy` = dL/dy: dL/dx into `gx` and dL/dw into `gw`,
/// each only when asked for; both must be zero-filled. `x` is needed only for `gw`.
func convolutionBackward<T: FloatScalar>(
    _ gy: UnsafePointer<T>, x: UnsafePointer<T>?, _ w: UnsafePointer<T>,
    gx: UnsafeMutablePointer<T>?, gw: UnsafeMutablePointer<T>?, _ g: ConvGeometry
) {
    let outputs = g.window.outputVolume
    let groupRows = g.columnRows / g.groups, groupOut = g.outChannels / g.groups
    g.forEachBlock(T.self) { first, items, col, gyBlock in
        let columns = items * outputs, inputOffset = first * g.inChannels * g.window.inputVolume
        channelsMajor(gy + first * g.outChannels * outputs, gyBlock, items: items, channels: g.outChannels, length: outputs)
        if let gw, let x {
            im2col(x + inputOffset, into: col, g, items: items)
            for group in 0..<g.groups {  // dW += dY · colᵀ
                T.gemm(
                    transA: false, transB: true, m: groupOut, n: groupRows, k: columns,
                    gyBlock + group * groupOut * columns, lda: columns,
                    col + group * groupRows * columns, ldb: columns,
                    beta: 1, gw + group * groupOut * groupRows, ldc: groupRows)
            }
        }
        if let gx {
            for group in 0..<g.groups {  // dcol = Wᵀ · dY
                T.gemm(
                    transA: true, transB: false, m: groupRows, n: columns, k: groupOut,
                    w + group * groupOut * groupRows, lda: groupRows,
                    gyBlock + group * groupOut * columns, ldb: columns,
                    beta: 0, col + group * groupRows * columns, ldc: columns)
            }
            col2im(col, addingInto: gx + inputOffset, g, items: items)
        }
    }
}

/// dL/dbias: `gy` [N, C, L] summed over items and positions.
func biasGradient<T: FloatScalar>(_ gy: UnsafePointer<T>, into gb: UnsafeMutablePointer<T>, items: Int, channels: Int, length: Int) {
    for c in 0..<channels { gb[c] = 0 }
    for i in 0..<items {
        for c in 0..<channels {
            let row = gy + (i * channels + c) * length
            var sum: T = 0
            for l in 0..<length { sum += row[l] }
            gb[c] += sum
        }
    }
}
