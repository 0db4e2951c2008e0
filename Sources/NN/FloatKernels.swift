import Dispatch
import Tensors

/// The two floating-point element types, with direct buffer access and GEMM,
/// so the fused layers, losses and optimizers are written once for both.
protocol FloatElement: FloatScalar {
    static func elements<R>(of t: Tensor, _ body: (UnsafeMutableBufferPointer<Self>) throws -> R) rethrows -> R
}

extension Float: FloatElement {
    static func elements<R>(of t: Tensor, _ body: (UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        try t.withUnsafeElements(Float.self, body)
    }
}

extension Double: FloatElement {
    static func elements<R>(of t: Tensor, _ body: (UnsafeMutableBufferPointer<Double>) throws -> R) rethrows -> R {
        try t.withUnsafeElements(Double.self, body)
    }
}

extension Tensor {
    /// Runs `body` with this tensor's elements as `T` (float32 → Float, float64 → Double).
    func elements<T: FloatElement, R>(_: T.Type, _ body: (UnsafeMutableBufferPointer<T>) throws -> R) rethrows -> R {
        try T.elements(of: self, body)
    }

    /// Runs `float` for a float32 tensor and `double` for a float64 one; `op` names the caller
    /// in the error for int64. Each closure calls a generic kernel with a concrete type, so the
    /// kernel is specialised (passing an existential `any FloatElement.Type` would not be).
    func dispatchFloat<R>(_ op: String, float: () -> R, double: () -> R) -> R {
        switch dtype {
        case .float32: return float()
        case .float64: return double()
        case .int64: preconditionFailure("\(op): needs a floating-point tensor, got int64 (shape \(shape))")
        }
    }
}
