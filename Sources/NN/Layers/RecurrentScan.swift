import Foundation
import Tensors

// The fused recurrence under RNN, LSTM and GRU: one autograd op runs one layer in
// one direction over every time step. The input projection x·W_ihᵀ + b_ih of all
// steps is one GEMM done by the caller (`linear`); per step the op does one GEMM,
// h·W_hhᵀ, and one pointer loop over the gates. Its backward is backpropagation
// through time in one loop: a pointer loop for the gates' derivatives and one GEMM
// per step for dh, then one GEMM for dW_hh over all steps.

/// The cells the fused scan runs, with torch's gate layout in W_ih and W_hh.
enum RecurrentCell: Sendable {
    /// h' = tanh(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh), or ReLU instead of tanh.
    case rnnTanh, rnnReLU
    /// Gates i, f, g, o: c' = f⊙c + i⊙g, h' = o⊙tanh(c').
    case lstm
    /// Gates r, z, n: n = tanh(xₙ + r⊙(W_hn·h + b_hn)), h' = (1-z)⊙n + z⊙h.
    case gru

    /// The exercises whose answer one step of this cell computes (`ExerciseTwins`).
    var exercises: [String] {
        switch self {
        case .lstm: ["M03-E04"]
        case .gru: ["M03-E05"]
        case .rnnTanh, .rnnReLU: []
        }
    }

    /// Blocks of H rows stacked in W_ih and W_hh.
    var gates: Int {
        switch self {
        case .rnnTanh, .rnnReLU: return 1
        case .lstm: return 4
        case .gru: return 3
        }
    }

    /// State tensors carried between steps: h, and c for the LSTM.
    var stateCount: Int { self == .lstm ? 2 : 1 }

    /// Values per hidden unit kept for the backward pass: the LSTM's four gates and
    /// tanh(c'), the GRU's r, z, n and W_hn·h + b_hn; the RNN needs only its output.
    var savedCount: Int {
        switch self {
        case .rnnTanh, .rnnReLU: return 0
        case .lstm: return 5
        case .gru: return 4
        }
    }
}

/// Sizes of one scan and the order it visits the time steps in.
private struct ScanShape {
    let steps: Int, batch: Int, hidden: Int, gates: Int
    let reverse: Bool
    let lengths: [Int]?

    /// Elements of one step's gate block, [B, G·H].
    var width: Int { gates * hidden }
    /// The time index visited at position `s` of the scan.
    @inline(__always) func time(_ s: Int) -> Int { reverse ? steps - 1 - s : s }
    /// Whether row `r` has a real (not padded) step at time `t`.
    @inline(__always) func isActive(_ r: Int, _ t: Int) -> Bool { lengths.map { t < $0[r] } ?? true }
}

/// Runs one direction of one recurrent layer over all time steps, as one autograd op.
///
/// - Parameters:
///   - inputProjection: x·W_ihᵀ + b_ih for every step, `[T, B, G·H]`.
///   - hiddenWeight: W_hh, `[G·H, H]`; `hiddenBias`: b_hh, `[G·H]`, or nil.
///   - h0, c0: the initial states, `[B, H]` (c0 only for the LSTM).
///   - lengths: real steps per sequence; at a padded step (t ≥ lengths[b]) the
///     state is carried over unchanged, so the last state is the one after the last real step.
///   - reverse: visit the steps from T-1 down to 0 (the backward direction).
/// - Returns: the state after each step, `[S, T, B, H]` (S = 1, or 2 for the LSTM: h then c).
func recurrentScan(
    _ cell: RecurrentCell, inputProjection x: Tensor, hiddenWeight w: Tensor, hiddenBias b: Tensor?,
    h0: Tensor, c0: Tensor?, lengths: [Int]?, reverse: Bool
) -> Tensor {
    precondition(x.rank == 3 && h0.rank == 2, "recurrentScan: expected a [T, B, G·H] projection and a [B, H] state, got \(x.shape) and \(h0.shape)")
    let shape = ScanShape(
        steps: x.shape[0], batch: x.shape[1], hidden: h0.shape[1], gates: cell.gates,
        reverse: reverse, lengths: lengths)
    let (batch, hidden) = (shape.batch, shape.hidden)
    precondition(
        x.shape[2] == shape.width && w.shape == [shape.width, hidden] && h0.shape[0] == batch,
        "recurrentScan: projection \(x.shape), W_hh \(w.shape) and state \(h0.shape) do not fit \(cell.gates) gates of \(hidden) units")
    precondition(b == nil || b!.shape == [shape.width], "recurrentScan: b_hh has shape \(b!.shape), expected [\(shape.width)]")
    precondition(
        (c0 != nil) == (cell == .lstm) && (c0 == nil || c0!.shape == h0.shape),
        "recurrentScan: the LSTM needs a cell state shaped like h0 \(h0.shape), the other cells none")
    let operands = [x, w] + (b.map { [$0] } ?? []) + [h0] + (c0.map { [$0] } ?? [])
    precondition(operands.allSatisfy { $0.dtype == x.dtype }, "recurrentScan: inputs must share one dtype, got \(operands.map(\.dtype))")

    let states = Tensor.zeros([cell.stateCount, shape.steps, batch, hidden], dtype: x.dtype)
    let saved = Tensor.zeros([shape.steps, batch, cell.savedCount * hidden], dtype: x.dtype)
    x.dispatchFloat(
        "recurrentScan", float: { scanForward(Float.self, cell, shape, x, w, b, h0, c0, states: states, saved: saved) },
        double: { scanForward(Double.self, cell, shape, x, w, b, h0, c0, states: states, saved: saved) })

    let needs = operands.map(\.requiresGrad)
    let name = "\(cell)Scan"
    return states.recorded(name, operands) { g, c in
        g.dispatchFloat(
            name, float: { scanBackward(Float.self, cell, shape, g, c.inputs, states: c.output, saved: saved, needs: needs) },
            double: { scanBackward(Double.self, cell, shape, g, c.inputs, states: c.output, saved: saved, needs: needs) })
    }
}

private func scanForward<T: KernelFloat>(
    _: T.Type, _ cell: RecurrentCell, _ shape: ScanShape, _ x: Tensor, _ w: Tensor, _ b: Tensor?,
    _ h0: Tensor, _ c0: Tensor?, states: Tensor, saved: Tensor
) {
    let (batch, hidden, width) = (shape.batch, shape.hidden, shape.width)
    let stepSize = batch * hidden
    let xp = x.pointer(T.self), wp = w.pointer(T.self), bp = b?.pointer(T.self)
    let hAll = states.pointer(T.self), cAll = hAll + shape.steps * stepSize
    let keep = saved.pointer(T.self), keepWidth = cell.savedCount * hidden
    let hiddenProjection = UnsafeMutablePointer<T>.allocate(capacity: batch * width)
    defer { hiddenProjection.deallocate() }

    for s in 0..<shape.steps {
        let t = shape.time(s)
        let hPrev = s == 0 ? h0.pointer(T.self) : hAll + shape.time(s - 1) * stepSize
        let cPrev = s == 0 ? (c0?.pointer(T.self) ?? cAll) : cAll + shape.time(s - 1) * stepSize
        // h·W_hhᵀ + b_hh for the whole batch.
        if let bp { for r in 0..<batch { (hiddenProjection + r * width).update(from: bp, count: width) } }
        T.gemm(
            transA: false, transB: true, m: batch, n: width, k: hidden, hPrev, lda: hidden, wp, ldb: hidden,
            beta: bp == nil ? 0 : 1, hiddenProjection, ldc: width)
        for r in 0..<batch {
            let row = t * stepSize + r * hidden
            let (h, hp) = (hAll + row, hPrev + r * hidden)
            guard shape.isActive(r, t) else {
                h.update(from: hp, count: hidden)
                if cell == .lstm { (cAll + row).update(from: cPrev + r * hidden, count: hidden) }
                continue
            }
            let gx = xp + (t * batch + r) * width, gh = hiddenProjection + r * width
            let kept = keep + (t * batch + r) * keepWidth
            switch cell {
            case .rnnTanh: activate(h, gx, gh, hidden, T.tanh)
            case .rnnReLU: activate(h, gx, gh, hidden) { max($0, 0) }
            case .lstm: lstmStep(gx, gh, cPrev + r * hidden, c: cAll + row, h: h, kept: kept, hidden)
            case .gru: gruStep(gx, gh, hp, h: h, kept: kept, hidden)
            }
        }
    }
}

// The cells' forward steps for one sequence, written as short loops with one output
// each so that the compiler vectorises them (fast `exp`, no calls, no branches).

/// out[j] = f(a[j] + b[j]).
@inline(__always)
private func activate<T: KernelFloat>(
    _ out: UnsafeMutablePointer<T>, _ a: UnsafeMutablePointer<T>, _ b: UnsafeMutablePointer<T>,
    _ n: Int, _ f: (T) -> T
) {
    for j in 0..<n { out[j] = f(a[j] + b[j]) }
}

/// i, f, g, o = σ, σ, tanh, σ of the gate sums; c' = f⊙c + i⊙g; h' = o⊙tanh(c').
/// Keeps i, f, g, o and tanh(c') for the backward pass.
@inline(__always)
private func lstmStep<T: KernelFloat>(
    _ gx: UnsafeMutablePointer<T>, _ gh: UnsafeMutablePointer<T>, _ cPrev: UnsafeMutablePointer<T>,
    c: UnsafeMutablePointer<T>, h: UnsafeMutablePointer<T>, kept: UnsafeMutablePointer<T>, _ hidden: Int
) {
    let (i, f, g, o, tc) = (kept, kept + hidden, kept + 2 * hidden, kept + 3 * hidden, kept + 4 * hidden)
    activate(i, gx, gh, hidden, T.sigmoid)
    activate(f, gx + hidden, gh + hidden, hidden, T.sigmoid)
    activate(g, gx + 2 * hidden, gh + 2 * hidden, hidden, T.tanh)
    activate(o, gx + 3 * hidden, gh + 3 * hidden, hidden, T.sigmoid)
    for j in 0..<hidden { c[j] = f[j] * cPrev[j] + i[j] * g[j] }
    for j in 0..<hidden { tc[j] = T.tanh(c[j]) }
    for j in 0..<hidden { h[j] = o[j] * tc[j] }
}

/// r, z = σ of the gate sums; n = tanh(xₙ + r⊙hₙ) with hₙ = W_hn·h + b_hn; h' = (1-z)⊙n + z⊙h.
/// Keeps r, z, n and hₙ for the backward pass.
@inline(__always)
private func gruStep<T: KernelFloat>(
    _ gx: UnsafeMutablePointer<T>, _ gh: UnsafeMutablePointer<T>, _ hPrev: UnsafeMutablePointer<T>,
    h: UnsafeMutablePointer<T>, kept: UnsafeMutablePointer<T>, _ hidden: Int
) {
    let (r, z, n, hn) = (kept, kept + hidden, kept + 2 * hidden, kept + 3 * hidden)
    activate(r, gx, gh, hidden, T.sigmoid)
    activate(z, gx + hidden, gh + hidden, hidden, T.sigmoid)
    hn.update(from: gh + 2 * hidden, count: hidden)
    let xn = gx + 2 * hidden
    for j in 0..<hidden { n[j] = T.tanh(xn[j] + r[j] * hn[j]) }
    for j in 0..<hidden { h[j] = (1 - z[j]) * n[j] + z[j] * hPrev[j] }
}

/// Backpropagation through time. `g` is the gradient of every step's state
/// (`[S, T, B, H]`); it joins the gradient flowing back from later steps.
private func scanBackward<T: KernelFloat>(
    _: T.Type, _ cell: RecurrentCell, _ shape: ScanShape, _ g: Tensor, _ inputs: [Tensor],
    states: Tensor, saved: Tensor, needs: [Bool]
) -> [Tensor?] {
    let (batch, hidden, width, steps) = (shape.batch, shape.hidden, shape.width, shape.steps)
    let stepSize = batch * hidden
    let hasBias = inputs.count == (cell == .lstm ? 5 : 4)
    let (x, w, h0) = (inputs[0], inputs[1], inputs[hasBias ? 3 : 2])
    let wp = w.pointer(T.self), gp = g.pointer(T.self)
    let hAll = states.pointer(T.self), cAll = hAll + steps * stepSize
    let keep = saved.pointer(T.self), keepWidth = cell.savedCount * hidden

    // Gradients of the input projection and, for the GRU (whose n gate sees r⊙(W_hn·h)),
    // separately of the hidden projection; for the other cells the two are equal.
    let dx = Tensor.zeros(x.shape, dtype: x.dtype)
    let dHidden = cell == .gru ? Tensor.zeros(x.shape, dtype: x.dtype) : dx
    let dxp = dx.pointer(T.self), dhp = dHidden.pointer(T.self)
    let dh0 = Tensor.zeros(h0.shape, dtype: x.dtype), dc0 = Tensor.zeros(h0.shape, dtype: x.dtype)
    var dh = dh0.pointer(T.self)
    let dc = dc0.pointer(T.self)
    let scratch = UnsafeMutablePointer<T>.allocate(capacity: stepSize)
    defer { scratch.deallocate() }
    var dhPrev = scratch

    for s in stride(from: steps - 1, through: 0, by: -1) {
        let t = shape.time(s)
        let hPrev = s == 0 ? h0.pointer(T.self) : hAll + shape.time(s - 1) * stepSize
        let cPrev = s == 0 ? (cell == .lstm ? inputs.last!.pointer(T.self) : cAll) : cAll + shape.time(s - 1) * stepSize
        for k in 0..<stepSize { dh[k] += gp[t * stepSize + k] }
        if cell == .lstm { for k in 0..<stepSize { dc[k] += gp[(steps + t) * stepSize + k] } }
        for r in 0..<batch {
            let (dhr, dpr) = (dh + r * hidden, dhPrev + r * hidden)
            guard shape.isActive(r, t) else { dpr.update(from: dhr, count: hidden); continue }
            let row = (t * batch + r)
            let (gx, gh, kept) = (dxp + row * width, dhp + row * width, keep + row * keepWidth)
            switch cell {
            case .rnnTanh, .rnnReLU:
                let h = hAll + t * stepSize + r * hidden
                for j in 0..<hidden {
                    gx[j] = cell == .rnnTanh ? dhr[j] * (1 - h[j] * h[j]) : (h[j] > 0 ? dhr[j] : 0)
                    dpr[j] = 0
                }
            case .lstm:
                let (cp, dcr) = (cPrev + r * hidden, dc + r * hidden)
                for j in 0..<hidden {
                    let (i, f, gg, o, tc) = (kept[j], kept[hidden + j], kept[2 * hidden + j], kept[3 * hidden + j], kept[4 * hidden + j])
                    // dc collects the path through h' = o⊙tanh(c') and the path from the next step's c.
                    let dcTotal = dcr[j] + dhr[j] * o * (1 - tc * tc)
                    gx[j] = dcTotal * gg * i * (1 - i)
                    gx[hidden + j] = dcTotal * cp[j] * f * (1 - f)
                    gx[2 * hidden + j] = dcTotal * i * (1 - gg * gg)
                    gx[3 * hidden + j] = dhr[j] * tc * o * (1 - o)
                    dcr[j] = dcTotal * f
                    dpr[j] = 0
                }
            case .gru:
                let hp = hPrev + r * hidden
                for j in 0..<hidden {
                    let (rg, z, n, hn) = (kept[j], kept[hidden + j], kept[2 * hidden + j], kept[3 * hidden + j])
                    let dn = dhr[j] * (1 - z) * (1 - n * n)
                    let dr = dn * hn * rg * (1 - rg)
                    let dz = dhr[j] * (hp[j] - n) * z * (1 - z)
                    (gx[j], gx[hidden + j], gx[2 * hidden + j]) = (dr, dz, dn)
                    (gh[j], gh[hidden + j], gh[2 * hidden + j]) = (dr, dz, dn * rg)
                    dpr[j] = dhr[j] * z
                }
            }
        }
        // dh of the previous state also flows through W_hh: += dHidden[t]·W_hh.
        T.gemm(
            transA: false, transB: false, m: batch, n: hidden, k: width, dhp + t * batch * width, lda: width, wp, ldb: hidden,
            beta: 1, dhPrev, ldc: hidden)
        swap(&dh, &dhPrev)
    }
    // After the loop `dh` holds dh0; it may point at the scratch buffer after an odd number of swaps.
    if dh != dh0.pointer(T.self) { dh0.pointer(T.self).update(from: dh, count: stepSize) }

    var grads: [Tensor?] = [needs[0] ? dx : nil]
    grads.append(needs[1] ? hiddenWeightGradient(T.self, shape, dHidden, states: hAll, h0: h0, like: w) : nil)
    if hasBias { grads.append(needs[2] ? columnSums(T.self, dHidden, width: width) : nil) }
    grads.append(needs[hasBias ? 3 : 2] ? dh0 : nil)
    if cell == .lstm { grads.append(needs.last! ? dc0 : nil) }
    return grads
}

/// dW_hh = Σₜ dHiddenₜᵀ · h_prevₜ as two GEMMs: the first visited step reads h0, the
/// others read the states stored one step earlier in visiting order, which are contiguous.
private func hiddenWeightGradient<T: KernelFloat>(
    _: T.Type, _ shape: ScanShape, _ dHidden: Tensor,
    states hAll: UnsafeMutablePointer<T>, h0: Tensor, like w: Tensor
) -> Tensor {
    let (batch, hidden, width, steps) = (shape.batch, shape.hidden, shape.width, shape.steps)
    let dw = Tensor.zeros(w.shape, dtype: w.dtype)
    let (d, out) = (dHidden.pointer(T.self), dw.pointer(T.self))
    let first = shape.time(0)
    T.gemm(
        transA: true, transB: false, m: width, n: hidden, k: batch, d + first * batch * width, lda: width, h0.pointer(T.self), ldb: hidden,
        beta: 0, out, ldc: hidden)
    guard steps > 1 else { return dw }
    // Forward: steps 1... read states 0...; reverse: steps 0..<T-1 read states 1...
    let (gradStart, stateStart) = shape.reverse ? (0, 1) : (1, 0)
    T.gemm(
        transA: true, transB: false, m: width, n: hidden, k: (steps - 1) * batch, d + gradStart * batch * width, lda: width,
        hAll + stateStart * batch * hidden, ldb: hidden, beta: 1, out, ldc: hidden)
    return dw
}

/// Σ over the rows of a `[..., width]` tensor: the bias gradient.
private func columnSums<T: KernelFloat>(_: T.Type, _ t: Tensor, width: Int) -> Tensor {
    let out = Tensor.zeros([width], dtype: t.dtype)
    let (src, dst) = (t.pointer(T.self), out.pointer(T.self))
    for r in 0..<(t.count / width) {
        let row = src + r * width
        for j in 0..<width { dst[j] += row[j] }
    }
    return out
}
