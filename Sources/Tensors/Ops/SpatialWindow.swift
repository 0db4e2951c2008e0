import Foundation

// What convolution, pooling and resampling share: per-dimension arguments
// (`stride: 2` or `stride: [2, 1]`), the sliding-window geometry, the
// floating-point element types with their BLAS GEMM, and shape checks.
//
// Every spatial kernel works in three spatial dimensions. A 1-D or 2-D op is
// "lifted" to 3-D by giving the missing leading dimensions size 1 (kernel 1,
// stride 1, no padding), so one loop nest serves conv1d, conv2d and conv3d.

/// A per-spatial-dimension integer argument, as PyTorch's `int or tuple`:
/// one value for every dimension (`stride: 2`) or one per dimension (`padding: [1, 0]`).
public struct SpatialSize: ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral, Equatable, CustomStringConvertible {
    public let values: [Int]

    public init(_ value: Int) { values = [value] }
    public init(_ values: [Int]) { self.values = values }
    public init(integerLiteral value: Int) { values = [value] }
    public init(arrayLiteral values: Int...) { self.values = values }

    public var description: String { values.count == 1 ? String(values[0]) : "\(values)" }

    /// One value per dimension for `rank` spatial dimensions (a single value repeats).
    func resolved(rank: Int, op: String, name: String) -> [Int] {
        precondition(
            values.count == 1 || values.count == rank,
            "\(op): \(name) must be one integer or \(rank) integers, got \(values)")
        return values.count == 1 ? Array(repeating: values[0], count: rank) : values
    }
}

/// `values` padded at the front with `fill` to three spatial dimensions.
func lifted(_ values: [Int], fill: Int) -> [Int] {
    Array(repeating: fill, count: 3 - values.count) + values
}

/// A window sliding over a 3-D volume: sizes of input and output, and the kernel's
/// size, stride, zero padding (each side) and dilation, per dimension (depth, height, width).
struct SpatialWindow {
    var input: [Int]
    var output: [Int]
    var kernel: [Int]
    var stride: [Int]
    var padding: [Int]
    var dilation: [Int]

    var inputVolume: Int { input.reduce(1, *) }
    var outputVolume: Int { output.reduce(1, *) }
    var kernelVolume: Int { kernel.reduce(1, *) }

    /// Lifts `rank`-dimensional arguments (1...3) to three dimensions.
    init(input: [Int], output: [Int], kernel: [Int], stride: [Int], padding: [Int], dilation: [Int]) {
        self.input = lifted(input, fill: 1)
        self.output = lifted(output, fill: 1)
        self.kernel = lifted(kernel, fill: 1)
        self.stride = lifted(stride, fill: 1)
        self.padding = lifted(padding, fill: 0)
        self.dilation = lifted(dilation, fill: 1)
    }

    /// The input coordinate that output `o` with kernel offset `k` reads along dimension `d`.
    @inline(__always) func source(_ d: Int, output o: Int, kernel k: Int) -> Int {
        o * stride[d] - padding[d] + k * dilation[d]
    }

    /// Output positions `lo..<hi` along dimension `d` whose kernel offset `k` lands inside the input.
    @inline(__always) func validOutputs(_ d: Int, kernel k: Int) -> (lo: Int, hi: Int) {
        let offset = k * dilation[d] - padding[d], s = stride[d]
        // o*s + offset >= 0  and  o*s + offset <= input - 1
        let lo = offset >= 0 ? 0 : (-offset + s - 1) / s
        let last = input[d] - 1 - offset
        let hi = last < 0 ? 0 : Swift.min(output[d], last / s + 1)
        return (Swift.min(lo, hi), hi)
    }
}

/// Output length of a sliding window (convolution and pooling), as PyTorch computes it.
func slidingOutputSize(input: Int, kernel: Int, stride: Int, padding: Int, dilation: Int, ceilMode: Bool = false) -> Int {
    let span = input + 2 * padding - dilation * (kernel - 1) - 1
    if span < 0 { return 0 }
    var size = (ceilMode ? (span + stride - 1) / stride : span / stride) + 1
    // In ceil mode the last window must start inside the input or the left padding.
    if ceilMode && (size - 1) * stride >= input + padding { size -= 1 }
    return size
}

extension Tensor {
    /// Checks that this tensor is float32 or float64, naming the op otherwise.
    func requireFloatingPoint(_ op: String) {
        precondition(dtype.isFloatingPoint, "\(op): expected a float32 or float64 tensor, got \(dtype) with shape \(shape)")
    }
}

/// Scratch memory for the duration of `body`, from `ScratchPool`.
@inline(__always)
func withScratch<T, R>(_: T.Type, count: Int, _ body: (UnsafeMutablePointer<T>) -> R) -> R {
    let buffer = ScratchPool.shared.take(byteCount: Swift.max(count, 1) * MemoryLayout<T>.stride)
    defer { ScratchPool.shared.give(back: buffer) }
    return body(buffer.pointer.bindMemory(to: T.self, capacity: Swift.max(count, 1)))
}

/// A few reusable scratch buffers. An im2col matrix takes megabytes; allocating it
/// afresh on every call costs a page fault per 4 KiB touched (measured: about a tenth of
/// a convolution's time), so buffers go back to the pool instead. Thread-safe.
final class ScratchPool: @unchecked Sendable {
    static let shared = ScratchPool()
    /// Buffers kept when idle; more are freed on return.
    static let capacity = 4

    struct Buffer {
        let pointer: UnsafeMutableRawPointer
        let byteCount: Int
    }

    private let lock = NSLock()
    private var idle: [Buffer] = []

    /// The smallest idle buffer of at least `byteCount` bytes, or a new one.
    func take(byteCount: Int) -> Buffer {
        lock.lock()
        defer { lock.unlock() }
        let fitting = idle.indices.filter { idle[$0].byteCount >= byteCount }
        if let best = fitting.min(by: { idle[$0].byteCount < idle[$1].byteCount }) { return idle.remove(at: best) }
        return Buffer(pointer: .allocate(byteCount: byteCount, alignment: 64), byteCount: byteCount)
    }

    /// Returns a buffer; when too many are idle, the smallest is freed.
    func give(back buffer: Buffer) {
        lock.lock()
        defer { lock.unlock() }
        idle.append(buffer)
        if idle.count > ScratchPool.capacity, let smallest = idle.indices.min(by: { idle[$0].byteCount < idle[$1].byteCount }) {
            idle.remove(at: smallest).pointer.deallocate()
        }
    }
}
