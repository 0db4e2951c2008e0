import DeepLearning

// The building blocks of YOLO11, as ultralytics.nn.modules defines them, with the same
// property names (`conv`, `bn`, `cv1`, `m`, ...) so that a state dict maps one to one.
//
//   Conv        conv k×k (no bias) → BatchNorm (eps 1e-3, momentum 0.03) → SiLU
//   Bottleneck  two convs with a residual connection
//   C3k         CSP block: half the channels go through bottlenecks, the rest bypass them
//   C3k2        C2f with C3k (or plain bottleneck) inner blocks: split, run, concatenate every output
//   SPPF        one 1×1 conv, three chained 5×5 max-pools, concatenate all four, 1×1 conv
//   C2PSA       C2f-like wrapper around position-sensitive multi-head self-attention blocks

/// Conv2d (no bias, "same" padding) + BatchNorm2d + optional SiLU: YOLO's `Conv`.
final class ConvBNSiLU: Module {
    let conv: Conv2d
    let bn: BatchNorm2d
    let activated: Bool

    init(_ inChannels: Int, _ outChannels: Int, kernel: Int = 1, stride: Int = 1, groups: Int = 1, activated: Bool = true) {
        conv = Conv2d(
            inChannels, outChannels, kernelSize: .init(kernel), stride: .init(stride), padding: .init(kernel / 2),
            groups: groups, bias: false)
        bn = BatchNorm2d(outChannels, eps: 1e-3, momentum: 0.03)
        self.activated = activated
    }

    override func forward(_ x: Tensor) -> Tensor {
        let y = bn(conv(x))
        return activated ? y.silu() : y
    }
}

/// A depthwise convolution (`DWConv`): groups = gcd(in, out), one filter per channel when in == out.
func depthwiseConv(_ inChannels: Int, _ outChannels: Int, kernel: Int) -> ConvBNSiLU {
    func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
    return ConvBNSiLU(inChannels, outChannels, kernel: kernel, groups: gcd(inChannels, outChannels))
}

/// Two convolutions, added to the input when `shortcut` is set and the shapes agree.
final class Bottleneck: Module {
    let cv1: ConvBNSiLU, cv2: ConvBNSiLU
    let residual: Bool

    init(_ inChannels: Int, _ outChannels: Int, shortcut: Bool = true, kernels: (Int, Int) = (3, 3), expansion: Double = 0.5) {
        let hidden = Int(Double(outChannels) * expansion)
        cv1 = ConvBNSiLU(inChannels, hidden, kernel: kernels.0)
        cv2 = ConvBNSiLU(hidden, outChannels, kernel: kernels.1)
        residual = shortcut && inChannels == outChannels
    }

    override func forward(_ x: Tensor) -> Tensor {
        let y = cv2(cv1(x))
        return residual ? x + y : y
    }
}

/// CSP bottleneck with three convolutions (`C3k`, a `C3` with a chosen kernel): one branch
/// runs `n` bottlenecks, the other is a 1×1 projection; the two are concatenated and fused.
final class C3k: Module {
    let cv1: ConvBNSiLU, cv2: ConvBNSiLU, cv3: ConvBNSiLU
    let m: Sequential

    init(_ inChannels: Int, _ outChannels: Int, n: Int = 2, shortcut: Bool = true, kernel: Int = 3) {
        let hidden = outChannels / 2
        cv1 = ConvBNSiLU(inChannels, hidden)
        cv2 = ConvBNSiLU(inChannels, hidden)
        cv3 = ConvBNSiLU(2 * hidden, outChannels)
        m = Sequential((0..<n).map { _ in Bottleneck(hidden, hidden, shortcut: shortcut, kernels: (kernel, kernel), expansion: 1) })
    }

    override func forward(_ x: Tensor) -> Tensor {
        cv3(concat([m(cv1(x)), cv2(x)], axis: 1))
    }
}

/// YOLO11's `C3k2`: a 1×1 conv makes two halves; the second half runs through `n` inner
/// blocks (C3k when `c3k`, else a plain bottleneck), and every intermediate output is
/// kept and concatenated before the final 1×1 conv (the C2f pattern, rich gradient flow).
final class C3k2: Module {
    let cv1: ConvBNSiLU, cv2: ConvBNSiLU
    let m: [Module]
    let hidden: Int

    init(_ inChannels: Int, _ outChannels: Int, n: Int = 1, c3k: Bool = false, expansion: Double = 0.5, shortcut: Bool = true) {
        hidden = Int(Double(outChannels) * expansion)
        cv1 = ConvBNSiLU(inChannels, 2 * hidden)
        cv2 = ConvBNSiLU((2 + n) * hidden, outChannels)
        m = (0..<n).map { [hidden] _ in
            c3k ? C3k(hidden, hidden, n: 2, shortcut: shortcut) : Bottleneck(hidden, hidden, shortcut: shortcut)
        }
    }

    override func forward(_ x: Tensor) -> Tensor {
        var parts = cv1(x).chunk(2, axis: 1)
        for block in m { parts.append(block(parts[parts.count - 1])) }
        return cv2(concat(parts, axis: 1))
    }
}

/// Spatial pyramid pooling, fast: three chained k×k max-pools (stride 1) see regions of
/// k, 2k−1 and 3k−2 pixels; their outputs and the input are concatenated.
final class SPPF: Module {
    let cv1: ConvBNSiLU, cv2: ConvBNSiLU
    let kernel: Int

    init(_ inChannels: Int, _ outChannels: Int, kernel: Int = 5) {
        let hidden = inChannels / 2
        cv1 = ConvBNSiLU(inChannels, hidden)
        cv2 = ConvBNSiLU(hidden * 4, outChannels)
        self.kernel = kernel
    }

    override func forward(_ x: Tensor) -> Tensor {
        var parts = [cv1(x)]
        for _ in 0..<3 {
            parts.append(maxPool2d(parts[parts.count - 1], kernelSize: .init(kernel), stride: 1, padding: .init(kernel / 2)))
        }
        return cv2(concat(parts, axis: 1))
    }
}

/// Multi-head self-attention over the H·W positions of a feature map (`Attention` in
/// ultralytics): one 1×1 conv makes queries, keys (key_dim = head_dim/2) and values;
/// a depthwise 3×3 conv of the values adds a positional term.
final class PositionalAttention: Module {
    let qkv: ConvBNSiLU, proj: ConvBNSiLU, pe: ConvBNSiLU
    let heads: Int, keyDim: Int, headDim: Int

    init(_ channels: Int, heads: Int, attentionRatio: Double = 0.5) {
        self.heads = heads
        headDim = channels / heads
        keyDim = Int(Double(headDim) * attentionRatio)
        qkv = ConvBNSiLU(channels, channels + 2 * keyDim * heads, activated: false)
        proj = ConvBNSiLU(channels, channels, activated: false)
        pe = ConvBNSiLU(channels, channels, kernel: 3, groups: channels, activated: false)
    }

    override func forward(_ x: Tensor) -> Tensor {
        let (b, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let parts = qkv(x).reshape([b, heads, 2 * keyDim + headDim, h * w]).split(sizes: [keyDim, keyDim, headDim], axis: 2)
        let (q, k, v) = (parts[0], parts[1], parts[2])
        let attention = (q.transpose(2, 3).matmul(k) * (1 / Double(keyDim).squareRoot())).softmax(axis: -1)  // [b, heads, N, N]
        let attended = v.matmul(attention.transpose(2, 3)).reshape([b, c, h, w])
        return proj(attended + pe(v.reshape([b, c, h, w])))
    }
}

/// Attention then a two-layer 1×1 feed-forward, each with a residual connection (`PSABlock`).
final class PSABlock: Module {
    let attn: PositionalAttention
    let ffn: Sequential

    init(_ channels: Int, heads: Int) {
        attn = PositionalAttention(channels, heads: heads)
        ffn = Sequential([ConvBNSiLU(channels, channels * 2), ConvBNSiLU(channels * 2, channels, activated: false)])
    }

    override func forward(_ x: Tensor) -> Tensor {
        let y = x + attn(x)
        return y + ffn(y)
    }
}

/// `C2PSA`: half the channels pass through `n` attention blocks (one head per 64 channels),
/// the other half bypass them; the halves are concatenated and fused by a 1×1 conv.
final class C2PSA: Module {
    let cv1: ConvBNSiLU, cv2: ConvBNSiLU
    let m: Sequential
    let hidden: Int

    init(_ channels: Int, n: Int = 1) {
        hidden = channels / 2
        cv1 = ConvBNSiLU(channels, 2 * hidden)
        cv2 = ConvBNSiLU(2 * hidden, channels)
        m = Sequential((0..<n).map { [hidden] _ in PSABlock(hidden, heads: Swift.max(1, hidden / 64)) })
    }

    override func forward(_ x: Tensor) -> Tensor {
        let halves = cv1(x).chunk(2, axis: 1)
        return cv2(concat([halves[0], m(halves[1])], axis: 1))
    }
}
