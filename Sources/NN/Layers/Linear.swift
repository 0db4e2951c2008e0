import Tensors

/// y = x·Wᵀ + b over the last dimension (`torch.nn.functional.linear`), one fused
/// op: a GEMM forward, and a backward of two GEMMs plus a column sum:
///
///     dx = g·W        dW = gᵀ·x        db = Σ_rows g
///
/// Gradients are computed only for inputs that need them (the input batch of
/// the first layer does not), which saves the largest GEMM of a training step.
/// - Parameters:
///   - x: `[..., in]`; leading dimensions are batch dimensions.
///   - weight: `[out, in]`.
///   - bias: `[out]`, optional.
public func linear(_ x: Tensor, _ weight: Tensor, _ bias: Tensor? = nil) -> Tensor {
    precondition(weight.rank == 2, "linear: weight must be 2-D [out, in], got shape \(weight.shape)")
    let (outFeatures, inFeatures) = (weight.shape[0], weight.shape[1])
    precondition(
        x.rank >= 1 && x.shape.last == inFeatures,
        "linear: input shape \(x.shape) does not end in \(inFeatures), the in-features of weight \(weight.shape)")
    precondition(
        x.dtype == weight.dtype && (bias == nil || bias!.dtype == x.dtype),
        "linear: input (\(x.dtype)), weight (\(weight.dtype)) and bias (\(bias?.dtype.description ?? "none")) must have one dtype")
    if let bias {
        precondition(bias.shape == [outFeatures], "linear: bias shape \(bias.shape) does not match weight \(weight.shape) (expected [\(outFeatures)])")
    }
    let rows = inFeatures == 0 ? 0 : x.count / inFeatures
    let y = Tensor.zeros(Array(x.shape.dropLast()) + [outFeatures], dtype: x.dtype)
    x.dispatchFloat(
        "linear", float: { linearForward(Float.self, x, weight, bias, into: y, rows: rows) },
        double: { linearForward(Double.self, x, weight, bias, into: y, rows: rows) })

    let needs = (x: x.requiresGrad, weight: weight.requiresGrad, bias: bias?.requiresGrad ?? false)
    let inputs = bias.map { [x, weight, $0] } ?? [x, weight]
    return y.recorded("linear", inputs) { g, c in
        g.dispatchFloat(
            "linear backward", float: { linearBackward(Float.self, g, c.inputs, rows: rows, needs: needs) },
            double: { linearBackward(Double.self, g, c.inputs, rows: rows, needs: needs) })
    }
}

private func linearForward<T: FloatElement>(_: T.Type, _ x: Tensor, _ w: Tensor, _ b: Tensor?, into y: Tensor, rows: Int) {
    let (outF, inF) = (w.shape[0], w.shape[1])
    y.elements(T.self) { yp in
        if let b {
            b.elements(T.self) { bp in
                for r in 0..<rows { (yp.baseAddress! + r * outF).update(from: bp.baseAddress!, count: outF) }
            }
        }
        guard rows > 0, inF > 0 else { return }
        x.elements(T.self) { xp in
            w.elements(T.self) { wp in
                T.gemm(
                    transA: false, transB: true, m: rows, n: outF, k: inF, xp.baseAddress!, lda: inF, wp.baseAddress!, ldb: inF,
                    beta: b == nil ? 0 : 1, yp.baseAddress!, ldc: outF)
            }
        }
    }
}

private func linearBackward<T: FloatElement>(
    _: T.Type, _ g: Tensor, _ inputs: [Tensor], rows: Int,
    needs: (x: Bool, weight: Bool, bias: Bool)
) -> [Tensor?] {
    let (x, w) = (inputs[0], inputs[1])
    let (outF, inF) = (w.shape[0], w.shape[1])
    var grads: [Tensor?] = Array(repeating: nil, count: inputs.count)
    g.elements(T.self) { gp in
        let gBase = UnsafePointer(gp.baseAddress!)
        if needs.x {
            let dx = Tensor.zeros(x.shape, dtype: x.dtype)
            if rows > 0 && outF > 0 {
                w.elements(T.self) { wp in
                    dx.elements(T.self) { dxp in
                        T.gemm(
                            transA: false, transB: false, m: rows, n: inF, k: outF, gBase, lda: outF, wp.baseAddress!, ldb: inF, beta: 0, dxp.baseAddress!,
                            ldc: inF)
                    }
                }
            }
            grads[0] = dx
        }
        if needs.weight {
            let dw = Tensor.zeros(w.shape, dtype: w.dtype)
            if rows > 0 {
                x.elements(T.self) { xp in
                    dw.elements(T.self) { dwp in
                        T.gemm(
                            transA: true, transB: false, m: outF, n: inF, k: rows, gBase, lda: outF, xp.baseAddress!, ldb: inF, beta: 0, dwp.baseAddress!,
                            ldc: inF)
                    }
                }
            }
            grads[1] = dw
        }
        if needs.bias {
            let db = Tensor.zeros([outF], dtype: g.dtype)
            db.elements(T.self) { dbp in
                for r in 0..<rows {
                    let row = gBase + r * outF
                    for j in 0..<outF { dbp[j] += row[j] }
                }
            }
            grads[2] = db
        }
    }
    return grads
}

/// A fully connected layer, `torch.nn.Linear(in, out)`: y = x·Wᵀ + b.
///
/// Weights start as PyTorch's do: W ~ kaiming_uniform(a = √5), which is
/// U(-1/√in, 1/√in), and b ~ U(-1/√in, 1/√in).
///
/// ```swift
/// let fc = Linear(784, 256)
/// let y = fc(Tensor.randn([32, 784]))   // [32, 256]
/// ```
public final class Linear: Module {
    /// `[out, in]`.
    public let weight: Tensor
    /// `[out]`, or nil for `bias: false`.
    public let bias: Tensor?

    public init(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true) {
        precondition(inFeatures > 0 && outFeatures > 0, "Linear: features must be positive, got \(inFeatures) → \(outFeatures)")
        weight = Tensor.zeros([outFeatures, inFeatures], requiresGrad: true)
        Init.kaimingUniform(weight, a: 5.0.squareRoot())
        if bias {
            let bound = 1 / Double(inFeatures).squareRoot()
            let b = Tensor.zeros([outFeatures], requiresGrad: true)
            Init.uniform(b, low: -bound, high: bound)
            self.bias = b
        } else {
            self.bias = nil
        }
        super.init()
    }

    public var inFeatures: Int { weight.shape[1] }
    public var outFeatures: Int { weight.shape[0] }

    public override func forward(_ x: Tensor) -> Tensor { linear(x, weight, bias) }

    public override var extraDescription: String { "\(inFeatures) → \(outFeatures)\(bias == nil ? ", no bias" : "")" }
}
