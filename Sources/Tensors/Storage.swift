/// A contiguous, 64-byte-aligned block of elements of one dtype.
///
/// Tensors are always contiguous and row-major. A reshape shares its storage;
/// every other shape op (transpose, slice, expand ...) copies. This keeps every
/// kernel a loop over a plain pointer; the cost is measured in Docs/Performance.md.
final class Storage: @unchecked Sendable {
    let dtype: DType
    let count: Int
    let raw: UnsafeMutableRawPointer
    /// Counts in-place writes (`assign`, `fill`, `withFloats` ...), as PyTorch's version
    /// counter: backward stops when a tensor a recorded op kept has been written since.
    var version = 0

    init(dtype: DType, count: Int) {
        self.dtype = dtype
        self.count = count
        raw = .allocate(byteCount: max(1, count) * dtype.byteCount, alignment: 64)
        // Bound once to the element type, which every typed access then assumes.
        switch dtype {
        case .float32: raw.bindMemory(to: Float.self, capacity: max(1, count))
        case .float64: raw.bindMemory(to: Double.self, capacity: max(1, count))
        case .int64: raw.bindMemory(to: Int64.self, capacity: max(1, count))
        }
    }

    /// Storage whose bytes are all zero (0.0, or 0 for int64).
    static func zeros(dtype: DType, count: Int) -> Storage {
        let s = Storage(dtype: dtype, count: count)
        s.raw.initializeMemory(as: UInt8.self, repeating: 0, count: count * dtype.byteCount)
        return s
    }

    deinit { raw.deallocate() }

    @inline(__always) func pointer<T: TensorScalar>(_: T.Type) -> UnsafeMutablePointer<T> {
        raw.assumingMemoryBound(to: T.self)
    }

    @inline(__always) subscript(double i: Int) -> Double {
        get {
            switch dtype {
            case .float32: return Double(raw.assumingMemoryBound(to: Float.self)[i])
            case .float64: return raw.assumingMemoryBound(to: Double.self)[i]
            case .int64: return Double(raw.assumingMemoryBound(to: Int64.self)[i])
            }
        }
        set {
            switch dtype {
            case .float32: raw.assumingMemoryBound(to: Float.self)[i] = Float(newValue)
            case .float64: raw.assumingMemoryBound(to: Double.self)[i] = newValue
            case .int64: raw.assumingMemoryBound(to: Int64.self)[i] = Int64(newValue)
            }
        }
    }

    func copy() -> Storage {
        let s = Storage(dtype: dtype, count: count)
        s.raw.copyMemory(from: raw, byteCount: count * dtype.byteCount)
        return s
    }

    /// The same elements converted to another dtype (float to int truncates toward zero).
    func converted(to target: DType) -> Storage {
        if target == dtype { return copy() }
        let s = Storage(dtype: target, count: count)
        for i in 0..<count { s[double: i] = self[double: i] }
        return s
    }
}
