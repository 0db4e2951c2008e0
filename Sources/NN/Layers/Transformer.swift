import Tensors

/// The activation inside a Transformer layer's feed-forward block.
public enum TransformerActivation: Sendable {
    case relu
    /// The exact GELU, x·Φ(x).
    case gelu

    func callAsFunction(_ x: Tensor) -> Tensor { self == .relu ? x.relu() : x.gelu() }
}

/// What the encoder and decoder layers share: the feed-forward block, dropout and the
/// residual wiring, post-LN (`x = norm(x + f(x))`, the original paper) or pre-LN
/// (`x = x + f(norm(x))`, `normFirst`, which trains more stably in deep stacks).
public class TransformerLayer: Module {
    public let linear1: Linear, linear2: Linear
    public let dropout: Double
    public let activation: TransformerActivation
    public let batchFirst: Bool, normFirst: Bool

    init(
        dModel: Int, dimFeedforward: Int, dropout: Double, activation: TransformerActivation, batchFirst: Bool,
        normFirst: Bool, bias: Bool
    ) {
        precondition(dropout >= 0 && dropout <= 1, "\(Self.self): dropout must be in [0, 1], got \(dropout)")
        linear1 = Linear(dModel, dimFeedforward, bias: bias)
        linear2 = Linear(dimFeedforward, dModel, bias: bias)
        (self.dropout, self.activation, self.batchFirst, self.normFirst) = (dropout, activation, batchFirst, normFirst)
        super.init()
    }

    /// Dropout in training mode.
    func drop(_ x: Tensor) -> Tensor { NN.dropout(x, p: dropout, training: isTraining) }

    /// linear2(dropout(activation(linear1(x)))), then dropout.
    func feedForward(_ x: Tensor) -> Tensor { drop(linear2(drop(activation(linear1(x))))) }

    /// One residual sub-block: `norm(x + block(x))` post-LN, `x + block(norm(x))` pre-LN.
    func residual(_ x: Tensor, _ norm: LayerNorm, _ block: (Tensor) -> Tensor) -> Tensor {
        normFirst ? x + block(norm(x)) : norm(x + block(x))
    }

    /// Self-attention of `x` with the given masks, dropout applied to its output.
    func selfAttention(
        _ attention: MultiheadAttention, _ x: Tensor, mask: AttentionMask?, keyPaddingMask: AttentionMask?,
        isCausal: Bool
    ) -> Tensor {
        drop(attention(x, x, x, keyPaddingMask: keyPaddingMask, needWeights: false, attnMask: mask, isCausal: isCausal).output)
    }
}

/// A Transformer encoder layer (`torch.nn.TransformerEncoderLayer`): self-attention, then a
/// feed-forward block, each with a residual connection and layer norm.
///
/// Parameters as in PyTorch: `self_attn.in_proj_weight`, `self_attn.in_proj_bias`,
/// `self_attn.out_proj.weight`/`.bias`, `linear1.*`, `linear2.*`, `norm1.*`, `norm2.*`.
///
/// ```swift
/// let layer = TransformerEncoderLayer(dModel: 128, nhead: 4, dimFeedforward: 512, batchFirst: true)
/// let y = layer(x, srcKeyPaddingMask: .allowed(paddingMask(lengths: lengths, maxLength: 32)))
/// ```
public final class TransformerEncoderLayer: TransformerLayer {
    public let selfAttn: MultiheadAttention
    public let norm1: LayerNorm, norm2: LayerNorm

    public init(
        dModel: Int, nhead: Int, dimFeedforward: Int = 2048, dropout: Double = 0.1, activation: TransformerActivation = .relu,
        layerNormEps: Double = 1e-5, batchFirst: Bool = false, normFirst: Bool = false, bias: Bool = true
    ) {
        selfAttn = MultiheadAttention(embedDim: dModel, numHeads: nhead, dropout: dropout, bias: bias, batchFirst: batchFirst)
        norm1 = LayerNorm(dModel, eps: layerNormEps, bias: bias)
        norm2 = LayerNorm(dModel, eps: layerNormEps, bias: bias)
        super.init(
            dModel: dModel, dimFeedforward: dimFeedforward, dropout: dropout, activation: activation,
            batchFirst: batchFirst, normFirst: normFirst, bias: bias)
    }

    public override var namedChildren: [(name: String, module: Module)] {
        [("self_attn", selfAttn), ("linear1", linear1), ("linear2", linear2), ("norm1", norm1), ("norm2", norm2)]
    }

    /// `src` `[S, B, E]` (`[B, S, E]` batch first). `srcMask`: `[S, S]` or `[B·heads, S, S]`;
    /// `srcKeyPaddingMask`: `[B, S]`; `isCausal` adds the causal mask (PyTorch only takes it as a hint).
    public func callAsFunction(
        _ src: Tensor, srcMask: AttentionMask? = nil, srcKeyPaddingMask: AttentionMask? = nil,
        isCausal: Bool = false
    ) -> Tensor {
        reportingCall(inputs: [src], outputs: { [$0] }) {
            let x = residual(src, norm1) { selfAttention(selfAttn, $0, mask: srcMask, keyPaddingMask: srcKeyPaddingMask, isCausal: isCausal) }
            return residual(x, norm2, feedForward)
        }
    }

    /// Without masks. (A plain `self(x)` here would pick `Module`'s `callAsFunction(_:)`, which calls `forward`.)
    public override func forward(_ x: Tensor) -> Tensor { self(x, srcMask: nil) }
}

/// A Transformer decoder layer (`torch.nn.TransformerDecoderLayer`): masked self-attention,
/// attention to the encoder's output (`memory`), then a feed-forward block.
///
/// Parameters as in PyTorch: `self_attn.*`, `multihead_attn.*`, `linear1.*`, `linear2.*`,
/// `norm1.*`, `norm2.*`, `norm3.*`.
public final class TransformerDecoderLayer: TransformerLayer {
    public let selfAttn: MultiheadAttention, multiheadAttn: MultiheadAttention
    public let norm1: LayerNorm, norm2: LayerNorm, norm3: LayerNorm

    public init(
        dModel: Int, nhead: Int, dimFeedforward: Int = 2048, dropout: Double = 0.1, activation: TransformerActivation = .relu,
        layerNormEps: Double = 1e-5, batchFirst: Bool = false, normFirst: Bool = false, bias: Bool = true
    ) {
        selfAttn = MultiheadAttention(embedDim: dModel, numHeads: nhead, dropout: dropout, bias: bias, batchFirst: batchFirst)
        multiheadAttn = MultiheadAttention(embedDim: dModel, numHeads: nhead, dropout: dropout, bias: bias, batchFirst: batchFirst)
        norm1 = LayerNorm(dModel, eps: layerNormEps, bias: bias)
        norm2 = LayerNorm(dModel, eps: layerNormEps, bias: bias)
        norm3 = LayerNorm(dModel, eps: layerNormEps, bias: bias)
        super.init(
            dModel: dModel, dimFeedforward: dimFeedforward, dropout: dropout, activation: activation,
            batchFirst: batchFirst, normFirst: normFirst, bias: bias)
    }

    public override var namedChildren: [(name: String, module: Module)] {
        [
            ("self_attn", selfAttn), ("multihead_attn", multiheadAttn), ("linear1", linear1), ("linear2", linear2),
            ("norm1", norm1), ("norm2", norm2), ("norm3", norm3),
        ]
    }

    /// `tgt` `[T, B, E]` and `memory` `[S, B, E]` (batch first: `[B, T, E]`, `[B, S, E]`).
    /// Masks as in PyTorch: `tgtMask` `[T, T]`, `memoryMask` `[T, S]`, key padding `[B, T]` / `[B, S]`;
    /// `tgtIsCausal` adds the causal mask to the self-attention.
    public func callAsFunction(
        _ tgt: Tensor, memory: Tensor, tgtMask: AttentionMask? = nil, memoryMask: AttentionMask? = nil,
        tgtKeyPaddingMask: AttentionMask? = nil, memoryKeyPaddingMask: AttentionMask? = nil,
        tgtIsCausal: Bool = false
    ) -> Tensor {
        reportingCall(inputs: [tgt, memory], outputs: { [$0] }) {
            var x = residual(tgt, norm1) { selfAttention(selfAttn, $0, mask: tgtMask, keyPaddingMask: tgtKeyPaddingMask, isCausal: tgtIsCausal) }
            x = residual(x, norm2) { q in
                drop(multiheadAttn(q, memory, memory, keyPaddingMask: memoryKeyPaddingMask, needWeights: false, attnMask: memoryMask).output)
            }
            return residual(x, norm3, feedForward)
        }
    }
}

/// A stack of layers with an optional final norm: what `TransformerEncoder` and
/// `TransformerDecoder` share. Parameters `layers.0.*`, `layers.1.*`, ..., `norm.*`, as in PyTorch.
public class TransformerStack<Layer: TransformerLayer>: Module {
    public let layers: [Layer]
    public let norm: LayerNorm?

    /// `makeLayer` is called once per layer, so each has its own weights.
    public init(numLayers: Int, norm: LayerNorm? = nil, makeLayer: () -> Layer) {
        precondition(numLayers > 0, "\(Self.self): numLayers must be positive, got \(numLayers)")
        layers = (0..<numLayers).map { _ in makeLayer() }
        self.norm = norm
        super.init()
    }

    /// The final norm, when there is one.
    func finish(_ x: Tensor) -> Tensor { norm.map { $0(x) } ?? x }
}

/// A stack of encoder layers with an optional final norm (`torch.nn.TransformerEncoder`).
/// Pre-LN stacks usually end with a norm.
///
/// ```swift
/// let encoder = TransformerEncoder(numLayers: 2) {
///     TransformerEncoderLayer(dModel: 128, nhead: 4, dimFeedforward: 512, dropout: 0, batchFirst: true)
/// }
/// ```
public final class TransformerEncoder: TransformerStack<TransformerEncoderLayer> {
    public func callAsFunction(
        _ src: Tensor, mask: AttentionMask? = nil, srcKeyPaddingMask: AttentionMask? = nil,
        isCausal: Bool = false
    ) -> Tensor {
        reportingCall(inputs: [src], outputs: { [$0] }) {
            finish(layers.reduce(src) { $1($0, srcMask: mask, srcKeyPaddingMask: srcKeyPaddingMask, isCausal: isCausal) })
        }
    }

    public override func forward(_ x: Tensor) -> Tensor { self(x, mask: nil) }
}

/// A stack of decoder layers with an optional final norm (`torch.nn.TransformerDecoder`).
public final class TransformerDecoder: TransformerStack<TransformerDecoderLayer> {
    public func callAsFunction(
        _ tgt: Tensor, memory: Tensor, tgtMask: AttentionMask? = nil, memoryMask: AttentionMask? = nil,
        tgtKeyPaddingMask: AttentionMask? = nil, memoryKeyPaddingMask: AttentionMask? = nil,
        tgtIsCausal: Bool = false
    ) -> Tensor {
        reportingCall(inputs: [tgt, memory], outputs: { [$0] }) {
            finish(
                layers.reduce(tgt) {
                    $1(
                        $0, memory: memory, tgtMask: tgtMask, memoryMask: memoryMask, tgtKeyPaddingMask: tgtKeyPaddingMask,
                        memoryKeyPaddingMask: memoryKeyPaddingMask, tgtIsCausal: tgtIsCausal)
                })
        }
    }
}
