// In-place updates, for optimizers and initialisers. They bypass autograd and
// are meant to be used inside `noGrad { }` on leaf tensors, like PyTorch's `p.add_()`.
// Each counts as a write in the storage's version, so that a backward pass that needs
// the old values stops instead of computing wrong gradients (Autograd.swift).

extension Tensor {
    /// Overwrites every element with `source`'s (same element count; converted to this dtype).
    public func assign(_ source: Tensor) {
        precondition(source.count == count, "assign: source has shape \(source.shape), destination \(shape)")
        storage.version &+= 1
        if source.dtype == dtype {
            storage.raw.copyMemory(from: source.storage.raw, byteCount: count * dtype.byteCount)
        } else {
            for i in 0..<count { storage[double: i] = source.storage[double: i] }
        }
    }

    /// Sets every element to `value`.
    public func fill(_ value: Double) {
        storage.version &+= 1
        for i in 0..<count { storage[double: i] = value }
    }

    /// `self += alpha * other` in place (`torch.Tensor.add_(other, alpha=)`), same shape.
    public func addInPlace(_ other: Tensor, alpha: Double = 1) {
        precondition(other.shape == shape, "addInPlace: shapes \(shape) and \(other.shape) differ")
        storage.version &+= 1
        if dtype == .float32 && other.dtype == .float32 {
            let x = storage.pointer(Float.self), y = other.storage.pointer(Float.self), a = Float(alpha)
            for i in 0..<count { x[i] += a * y[i] }
        } else {
            for i in 0..<count { storage[double: i] += alpha * other.storage[double: i] }
        }
    }

    /// Gives direct access to a float32 tensor's elements, for fast update loops.
    public func withFloats<R>(_ body: (UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        precondition(dtype == .float32, "withFloats: tensor is \(dtype), not float32")
        storage.version &+= 1
        return try body(UnsafeMutableBufferPointer(start: storage.pointer(Float.self), count: count))
    }

    /// Gives direct access to a float64 tensor's elements.
    public func withDoubles<R>(_ body: (UnsafeMutableBufferPointer<Double>) throws -> R) rethrows -> R {
        precondition(dtype == .float64, "withDoubles: tensor is \(dtype), not float64")
        storage.version &+= 1
        return try body(UnsafeMutableBufferPointer(start: storage.pointer(Double.self), count: count))
    }

    /// Gives direct access to the elements' bytes, whatever the dtype (`dtype`-sized,
    /// row-major), for bulk copies such as assembling a batch in a data loader.
    public func withUnsafeMutableRawBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        storage.version &+= 1
        return try body(UnsafeMutableRawBufferPointer(start: storage.raw, count: count * dtype.byteCount))
    }

    /// Reads the elements' bytes (`dtype`-sized, row-major) without writing them: for
    /// copies out of a tensor. Counts no write.
    public func withUnsafeRawBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: storage.raw, count: count * dtype.byteCount))
    }

    /// The elements as `T`, counting no write: for the library's kernels, which read their
    /// inputs and write only into outputs they have just made (before recording them).
    package func withUnsafeElements<T: TensorScalar, R>(_: T.Type, _ body: (UnsafeMutableBufferPointer<T>) throws -> R) rethrows -> R {
        precondition(T.dtype == dtype, "withUnsafeElements: tensor is \(dtype), not \(T.dtype)")
        return try body(UnsafeMutableBufferPointer(start: storage.pointer(T.self), count: count))
    }
}
