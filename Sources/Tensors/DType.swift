/// The element type of a tensor.
///
/// `float32` is the default, as in PyTorch. `float64` exists for gradient checks
/// (finite differences need the extra precision). `int64` holds labels and indices.
public enum DType: String, Sendable, CustomStringConvertible {
    case float32, float64, int64

    public var description: String { rawValue }
    public var isFloatingPoint: Bool { self != .int64 }
    /// Bytes per element.
    public var byteCount: Int { self == .float32 ? 4 : 8 }

    /// The type of `a op b` (PyTorch's promotion for these three types).
    static func promote(_ a: DType, _ b: DType) -> DType {
        if a == .float64 || b == .float64 { return .float64 }
        if a == .float32 || b == .float32 { return .float32 }
        return .int64
    }
}

/// A Swift type that can be a tensor element. Kernels are written once, generic
/// over this protocol, and specialised by the compiler for each element type;
/// per-element math goes through `Double`, which is exact for all three types
/// (int64 up to 2^53).
package protocol TensorScalar {
    static var dtype: DType { get }
    init(fromDouble: Double)
    var double: Double { get }
    static var zero: Self { get }
}

extension Float: TensorScalar {
    package static var dtype: DType { .float32 }
    @inline(__always) package init(fromDouble v: Double) { self = Float(v) }
    @inline(__always) package var double: Double { Double(self) }
}

extension Double: TensorScalar {
    package static var dtype: DType { .float64 }
    @inline(__always) package init(fromDouble v: Double) { self = v }
    @inline(__always) package var double: Double { self }
}

extension Int64: TensorScalar {
    package static var dtype: DType { .int64 }
    @inline(__always) package init(fromDouble v: Double) { self = Int64(v) }
    @inline(__always) package var double: Double { Double(self) }
}
