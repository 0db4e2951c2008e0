import Tensors

/// Layer normalisation of each row of `width` elements as one fused op: a pointer
/// loop forward, one backward. With x̂ = (x - μ)·r, r = 1/√(σ² + eps) (biased σ²):
///
///     y = x̂ ⊙ w + b
///     dx = r · (ĝ - mean(ĝ) - x̂ · mean(ĝ ⊙ x̂)),  ĝ = g ⊙ w
///     dw = Σ_rows g ⊙ x̂        db = Σ_rows g
///
/// Each row's μ and r are kept for the backward pass.
func fusedLayerNorm(_ x: Tensor, width: Int, weight: Tensor?, bias: Tensor?, eps: Double) -> Tensor {
    precondition(
        [weight, bias].allSatisfy { $0 == nil || $0!.dtype == x.dtype },
        "layerNorm: weight and bias must have the input's dtype \(x.dtype), got \(weight?.dtype.description ?? "none") and \(bias?.dtype.description ?? "none")"
    )
    let y = Tensor.zeros(x.shape, dtype: x.dtype)
    let rows = width == 0 ? 0 : x.count / width
    let statistics = Tensor.zeros([2, rows], dtype: x.dtype)
    x.dispatchFloat(
        "layerNorm", float: { layerNormForward(Float.self, x, weight, bias, y, statistics, rows: rows, width: width, eps: eps) },
        double: { layerNormForward(Double.self, x, weight, bias, y, statistics, rows: rows, width: width, eps: eps) })
    let inputs = [x] + (weight.map { [$0] } ?? []) + (bias.map { [$0] } ?? [])
    let needs = inputs.map(\.requiresGrad)
    let hasWeight = weight != nil
    return y.recorded("layerNorm", inputs) { g, c in
        g.dispatchFloat(
            "layerNorm backward",
            float: { layerNormBackward(Float.self, g, c.inputs, statistics, hasWeight: hasWeight, needs: needs, rows: rows, width: width) },
            double: { layerNormBackward(Double.self, g, c.inputs, statistics, hasWeight: hasWeight, needs: needs, rows: rows, width: width) })
    }
}

private func layerNormForward<T: FloatElement>(
    _: T.Type, _ x: Tensor, _ weight: Tensor?, _ bias: Tensor?, _ y: Tensor,
    _ statistics: Tensor, rows: Int, width: Int, eps: Double
) {
    let (xp, yp, sp) = (x.pointer(T.self), y.pointer(T.self), statistics.pointer(T.self))
    let (wp, bp) = (weight?.pointer(T.self), bias?.pointer(T.self))
    let n = T(width)
    for row in 0..<rows {
        let (src, dst) = (xp + row * width, yp + row * width)
        var total: T = 0
        for j in 0..<width { total += src[j] }
        let mean = total / n
        var squares: T = 0
        for j in 0..<width { squares += (src[j] - mean) * (src[j] - mean) }
        let r = 1 / (squares / n + T(eps)).squareRoot()
        for j in 0..<width { dst[j] = (src[j] - mean) * r }
        if let wp { for j in 0..<width { dst[j] *= wp[j] } }
        if let bp { for j in 0..<width { dst[j] += bp[j] } }
        (sp[row], sp[rows + row]) = (mean, r)
    }
}

private func layerNormBackward<T: FloatElement>(
    _: T.Type, _ g: Tensor, _ inputs: [Tensor], _ statistics: Tensor, hasWeight: Bool,
    needs: [Bool], rows: Int, width: Int
) -> [Tensor?] {
    let x = inputs[0]
    let (gp, xp, sp) = (g.pointer(T.self), x.pointer(T.self), statistics.pointer(T.self))
    let wp = hasWeight ? inputs[1].pointer(T.self) : nil
    let dx = Tensor.zeros(x.shape, dtype: x.dtype)
    // Shaped like the parameters (the normalized shape), laid out as one row of `width`.
    let dw = Tensor.zeros(hasWeight ? inputs[1].shape : [width], dtype: x.dtype), db = Tensor.zeros(inputs.last!.shape, dtype: x.dtype)
    let (dxp, dwp, dbp) = (dx.pointer(T.self), dw.pointer(T.self), db.pointer(T.self))
    let xHat = UnsafeMutablePointer<T>.allocate(capacity: width), gHat = UnsafeMutablePointer<T>.allocate(capacity: width)
    defer { xHat.deallocate(); gHat.deallocate() }
    let n = T(width)
    for row in 0..<rows {
        let (src, gr, out) = (xp + row * width, gp + row * width, dxp + row * width)
        let (mean, r) = (sp[row], sp[rows + row])
        for j in 0..<width { xHat[j] = (src[j] - mean) * r }
        for j in 0..<width { dwp[j] += gr[j] * xHat[j] }
        for j in 0..<width { dbp[j] += gr[j] }
        if let wp { for j in 0..<width { gHat[j] = gr[j] * wp[j] } } else { gHat.update(from: gr, count: width) }
        var sumG: T = 0, sumGX: T = 0
        for j in 0..<width { sumG += gHat[j]; sumGX += gHat[j] * xHat[j] }
        let (meanG, meanGX) = (sumG / n, sumGX / n)
        for j in 0..<width { out[j] = r * (gHat[j] - meanG - xHat[j] * meanGX) }
    }
    var grads: [Tensor?] = [needs[0] ? dx : nil]
    if hasWeight { grads.append(needs[1] ? dw : nil) }
    if inputs.count > (hasWeight ? 2 : 1) { grads.append(needs.last! ? db : nil) }
    return grads
}
