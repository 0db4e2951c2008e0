// Comparisons and selection. Comparisons are not differentiable; they return
// float32 masks of 0 and 1 (PyTorch returns bool), so `(pred .== y).mean()` is accuracy.

extension Tensor {
    func compare(_ other: Tensor, _ op: String, _ test: (Double, Double) -> Bool) -> Tensor {
        let r = zipWith(other, op: op) { test($0, $1) ? 1 : 0 }
        return r.dtype == .float32 ? r : Tensor(shape: r.shape, storage: r.storage.converted(to: .float32))
    }

    public static func .== (a: Tensor, b: Tensor) -> Tensor { a.compare(b, "eq", ==) }
    public static func .!= (a: Tensor, b: Tensor) -> Tensor { a.compare(b, "ne", !=) }
    public static func .< (a: Tensor, b: Tensor) -> Tensor { a.compare(b, "lt", <) }
    public static func .<= (a: Tensor, b: Tensor) -> Tensor { a.compare(b, "le", <=) }
    public static func .> (a: Tensor, b: Tensor) -> Tensor { a.compare(b, "gt", >) }
    public static func .>= (a: Tensor, b: Tensor) -> Tensor { a.compare(b, "ge", >=) }
    public static func .== (a: Tensor, s: Double) -> Tensor { a .== a.scalar(s) }
    public static func .!= (a: Tensor, s: Double) -> Tensor { a .!= a.scalar(s) }
    public static func .< (a: Tensor, s: Double) -> Tensor { a .< a.scalar(s) }
    public static func .<= (a: Tensor, s: Double) -> Tensor { a .<= a.scalar(s) }
    public static func .> (a: Tensor, s: Double) -> Tensor { a .> a.scalar(s) }
    public static func .>= (a: Tensor, s: Double) -> Tensor { a .>= a.scalar(s) }
}

/// Elementwise `condition ? a : b` with broadcasting (`torch.where`); nonzero means true.
/// The gradient flows to `a` where the condition holds and to `b` elsewhere.
public func `where`(_ condition: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor {
    let shape = Shape.broadcast(Shape.broadcast(condition.shape, a.shape, op: "where"), b.shape, op: "where")
    let type = DType.promote(a.dtype, b.dtype)
    let (mask, x, y) = noGrad { ((condition .!= 0).expand(shape), a.to(type).expand(shape), b.to(type).expand(shape)) }
    let out = Storage(dtype: type, count: Shape.count(shape))
    for i in 0..<out.count { out[double: i] = mask.storage[double: i] != 0 ? x.storage[double: i] : y.storage[double: i] }
    return Tensor(shape: shape, storage: out).recorded("where", [a, b]) { g, c in
        [(g * mask).sumTo(c.inputs[0].shape), (g * (1 - mask)).sumTo(c.inputs[1].shape)]
    }
}
