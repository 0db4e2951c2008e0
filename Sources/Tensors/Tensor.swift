import Foundation

/// An n-dimensional array that can record the operations applied to it and
/// differentiate through them (reverse mode), in the style of `torch.Tensor`.
///
/// ```swift
/// let x = Tensor.randn([4, 3], requiresGrad: true)
/// let loss = x.matmul(Tensor.ones([3, 2])).relu().sum()
/// loss.backward()
/// print(x.grad!.shape)   // [4, 3]
/// ```
public final class Tensor {
    /// Sizes of each dimension; `[]` is a scalar.
    public let shape: [Int]
    /// The elements. Replaced only by `convertInPlace(to:)`, which changes a leaf's dtype.
    private(set) var storage: Storage

    /// The node that produced this tensor, or `nil` for a leaf (created by the user).
    var gradFn: GradFn?
    var _requiresGrad: Bool
    var keepsGrad = false

    /// The accumulated gradient of a leaf after `backward()` (or of a non-leaf
    /// that called `retainGrad()`); `nil` before the first backward pass.
    public var grad: Tensor?

    /// Called with this leaf each time `backward()` has finished adding to its `grad`
    /// (PyTorch's `register_post_accumulate_grad_hook`); data-parallel training uses it
    /// to send a gradient while the rest of the backward pass still runs.
    public var postAccumulateGradHook: ((Tensor) -> Void)?

    init(shape: [Int], storage: Storage, requiresGrad: Bool = false) {
        precondition(
            shape.reduce(1, *) == storage.count,
            "Tensor: shape \(shape) needs \(shape.reduce(1, *)) elements, storage has \(storage.count)")
        Tensor.checkGradientType(requiresGrad, storage.dtype)
        self.shape = shape
        self.storage = storage
        self._requiresGrad = requiresGrad
    }

    /// Only floating-point tensors can require gradients (as in PyTorch).
    static func checkGradientType(_ requiresGrad: Bool, _ dtype: DType) {
        precondition(
            !requiresGrad || dtype.isFloatingPoint,
            "requiresGrad: only floating-point tensors can require gradients, got \(dtype)")
    }

    public var dtype: DType { storage.dtype }
    public var rank: Int { shape.count }
    /// Number of elements.
    public var count: Int { storage.count }

    /// Whether gradients flow to this tensor. Settable on leaves only, as in PyTorch.
    public var requiresGrad: Bool {
        get { _requiresGrad }
        set {
            precondition(
                gradFn == nil || newValue,
                "requiresGrad: you can only change requiresGrad of leaf tensors; use detach() for a non-leaf")
            Tensor.checkGradientType(newValue, dtype)
            _requiresGrad = newValue
        }
    }

    /// A leaf is a tensor the user made, not the result of a recorded operation.
    public var isLeaf: Bool { gradFn == nil }

    /// The name of the operation that produced this tensor (`"matmul"`, ...), or `nil` for a leaf.
    public var gradFnName: String? { gradFn?.name }

    // MARK: Creation

    /// A tensor from float32 values (the default dtype). `shape` defaults to 1-D.
    public convenience init(_ values: [Float], shape: [Int]? = nil, requiresGrad: Bool = false) {
        self.init(values.map(Double.init), shape: shape, dtype: .float32, requiresGrad: requiresGrad)
    }

    /// A tensor from values, stored as `dtype`.
    public convenience init(_ values: [Double], shape: [Int]? = nil, dtype: DType, requiresGrad: Bool = false) {
        let shape = shape ?? [values.count]
        precondition(
            shape.reduce(1, *) == values.count,
            "Tensor: \(values.count) values cannot have shape \(shape)")
        let s = Storage(dtype: dtype, count: values.count)
        for (i, v) in values.enumerated() { s[double: i] = v }
        self.init(shape: shape, storage: s)
        self.requiresGrad = requiresGrad
    }

    /// An int64 tensor (labels, indices); values are stored exactly, whatever their size.
    public convenience init(ints values: [Int], shape: [Int]? = nil) {
        self.init([Double](repeating: 0, count: values.count), shape: shape, dtype: .int64)
        let p = storage.pointer(Int64.self)
        for (i, v) in values.enumerated() { p[i] = Int64(v) }
    }

    /// A 0-d (scalar) tensor.
    public convenience init(_ value: Double, dtype: DType = .float32, requiresGrad: Bool = false) {
        self.init([value], shape: [], dtype: dtype, requiresGrad: requiresGrad)
    }

    public static func zeros(_ shape: [Int], dtype: DType = .float32, requiresGrad: Bool = false) -> Tensor {
        Tensor(shape: shape, storage: .zeros(dtype: dtype, count: shape.reduce(1, *)), requiresGrad: requiresGrad)
    }

    public static func full(_ shape: [Int], _ value: Double, dtype: DType = .float32, requiresGrad: Bool = false) -> Tensor {
        let s = Storage(dtype: dtype, count: shape.reduce(1, *))
        for i in 0..<s.count { s[double: i] = value }
        return Tensor(shape: shape, storage: s, requiresGrad: requiresGrad)
    }

    public static func ones(_ shape: [Int], dtype: DType = .float32, requiresGrad: Bool = false) -> Tensor {
        full(shape, 1, dtype: dtype, requiresGrad: requiresGrad)
    }

    public static func zeros(like t: Tensor) -> Tensor { zeros(t.shape, dtype: t.dtype) }
    public static func ones(like t: Tensor) -> Tensor { ones(t.shape, dtype: t.dtype) }

    /// `[start, start+step, ...)` up to but excluding `end`.
    public static func arange(_ start: Double = 0, _ end: Double, step: Double = 1, dtype: DType = .int64) -> Tensor {
        precondition(step != 0, "arange: step must be non-zero")
        let n = Swift.max(0, Int(((end - start) / step).rounded(.up)))
        return Tensor((0..<n).map { start + Double($0) * step }, shape: [n], dtype: dtype)
    }

    /// `n` evenly spaced values from `start` to `end` inclusive.
    public static func linspace(_ start: Double, _ end: Double, count n: Int, dtype: DType = .float32) -> Tensor {
        let step = n > 1 ? (end - start) / Double(n - 1) : 0
        return Tensor((0..<n).map { start + Double($0) * step }, shape: [n], dtype: dtype)
    }

    /// The n x n identity matrix.
    public static func eye(_ n: Int, dtype: DType = .float32) -> Tensor {
        let t = zeros([n, n], dtype: dtype)
        for i in 0..<n { t.storage[double: i * n + i] = 1 }
        return t
    }

    // MARK: Reading values

    /// All elements as `Float`, in row-major order.
    public var scalars: [Float] {
        if dtype == .float32 { return Array(UnsafeBufferPointer(start: storage.pointer(Float.self), count: count)) }
        return (0..<count).map { Float(storage[double: $0]) }
    }
    /// All elements as `Double`, in row-major order.
    public var doubles: [Double] { (0..<count).map { storage[double: $0] } }
    /// All elements as `Int` (exact for int64; floating-point values truncate toward zero).
    public var ints: [Int] {
        if dtype == .int64 { let p = storage.pointer(Int64.self); return (0..<count).map { Int(p[$0]) } }
        return (0..<count).map { Int(storage[double: $0]) }
    }

    /// The single element of a one-element tensor, like `tensor.item()`.
    public var item: Double {
        precondition(count == 1, "item: a tensor with \(count) elements cannot be converted to a scalar (shape \(shape))")
        return storage[double: 0]
    }

    /// The element at a multi-index.
    public subscript(element index: Int...) -> Double {
        storage[double: flatIndex(index)]
    }

    func flatIndex(_ index: [Int]) -> Int {
        precondition(index.count == rank, "index: expected \(rank) indices for shape \(shape), got \(index.count)")
        var flat = 0
        for (d, i) in index.enumerated() {
            precondition(i >= 0 && i < shape[d], "index: \(i) is out of bounds for dimension \(d) with size \(shape[d])")
            flat = flat * shape[d] + i
        }
        return flat
    }

    /// Converts this leaf's elements (and its `grad`) to the floating-point `target` in
    /// place, keeping the tensor's identity, as `module.to(dtype)` converts parameters.
    /// Counts as an in-place write.
    package func convertInPlace(to target: DType) {
        precondition(gradFn == nil, "convertInPlace: only a leaf tensor can change its dtype in place")
        precondition(dtype.isFloatingPoint && target.isFloatingPoint, "convertInPlace: \(dtype) to \(target): only between floating-point dtypes")
        guard target != dtype else { return }
        let version = storage.version
        storage = storage.converted(to: target)
        storage.version = version &+ 1
        grad = grad.map { $0.to(target).detach() }
    }

    /// A copy with another element type. Gradients flow between floating-point types.
    public func to(_ target: DType) -> Tensor {
        if target == dtype { return self }
        let out = Tensor(shape: shape, storage: storage.converted(to: target))
        guard target.isFloatingPoint else { return out }
        let source = dtype
        return out.recorded("to(\(target))", [self]) { g, _ in [g.to(source)] }
    }

    /// A copy that shares no memory with this tensor, on the same graph.
    public func clone() -> Tensor {
        Tensor(shape: shape, storage: storage.copy()).recorded("clone", [self]) { g, _ in [g] }
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let values = count <= 64 ? doubles : Array(doubles.prefix(64))
        let text = values.map { dtype == .int64 ? String(Int($0)) : String(format: "%.4g", $0) }
        var body = "[" + text.joined(separator: ", ") + (count > 64 ? ", ..." : "") + "]"
        if rank == 0 { body = text.first ?? "" }
        var extra = ""
        if let name = gradFn?.name { extra = ", gradFn: \(name)" } else if requiresGrad { extra = ", requiresGrad: true" }
        return "Tensor(\(body), shape: \(shape), dtype: \(dtype)\(extra))"
    }
}
