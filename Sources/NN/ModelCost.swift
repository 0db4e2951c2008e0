import Foundation
import Tensors

/// One layer's share of a forward pass: shapes, parameters and multiply-accumulates.
public struct LayerCost: Sendable {
    /// Dotted path in the model (`"layer1.0.conv1"`).
    public let name: String
    /// The layer's type (`"Conv2d"`).
    public let layer: String
    /// The shape of its first input and first output (attention: the query; recurrent layers: the sequence).
    public let inputShape: [Int]
    public let outputShape: [Int]
    /// The layer's own parameters (elements), not its children's.
    public let parameters: Int
    /// The layer's own multiply-accumulates in the pass, not its children's (0 for layers
    /// other than convolutions, linear, attention and recurrent layers).
    public let macs: Int
}

/// What a model costs: parameters, and the multiply-accumulates (MACs) of one
/// forward pass, layer by layer, for comparing architectures.
///
/// Counted are the MACs of the matrix products, which dominate every network here: a
/// convolution costs (output elements) · (inChannels / groups) · ∏kernel, a transposed one
/// (input elements) · (outChannels / groups) · ∏kernel, a linear layer (output elements) ·
/// inFeatures; multi-head attention E · (query + key + value elements) for its input
/// projection and 2 · (query elements) · S for the scores and the weighted sum over S keys
/// (its output projection is a `Linear` child); a recurrent layer or cell with G gate blocks
/// (RNN 1, GRU 3, LSTM 4) G·H · (in + H) per step, row, layer and direction. Bias additions,
/// normalisation, activations, pooling and elementwise products are not counted. This is the
/// convention of torchvision's "GFLOPS" column, which reports 1.81 for ResNet-18 at 224×224:
/// in fact 1.81 G multiply-accumulates.
/// One MAC is two floating-point operations (`flops`).
///
/// ```swift
/// let cost = ModelCost(of: ResNet(.resnet18), input: Tensor.zeros([1, 3, 224, 224]))
/// cost.macs             // 1,814,073,344
/// print(cost.table)
/// ```
public struct ModelCost: Sendable {
    /// Every layer called in the forward pass that has no children or has parameters of its
    /// own (a `MultiheadAttention`), in the order the calls finish.
    public let layers: [LayerCost]
    /// All parameters of the model (elements), counted once even when shared.
    public let parameters: Int

    /// Runs `model` once on `input` in evaluation mode without recording gradients,
    /// and records the cost of every layer it calls that has no submodules or parameters of
    /// its own. The model is left in training mode afterwards if it was in training mode before.
    public init(of model: Module, input: Tensor) {
        self.init(of: model) { _ = model(input) }
    }

    /// The cost of `forward`, which runs `model` (or its parts) as it needs to: a model
    /// called with several tensors, such as a Transformer with a source and a target.
    ///
    /// ```swift
    /// let cost = ModelCost(of: transformer) { _ = transformer(source, target) }
    /// ```
    public init(of model: Module, forward: () -> Void) {
        let names = Dictionary(model.namedModules().map { (ObjectIdentifier($0.module), $0.name) }, uniquingKeysWith: { first, _ in first })
        var layers: [LayerCost] = []
        let wasTraining = model.isTraining
        model.eval()
        defer { model.train(wasTraining) }
        noGrad {
            Module.withForwardHook(
                { (call: ForwardCall) in
                    let module = call.module, parameters = module.ownParameters.reduce(0) { $0 + $1.tensor.count }
                    guard module.namedChildren.isEmpty || parameters > 0 else { return }
                    layers.append(
                        LayerCost(
                            name: names[ObjectIdentifier(module)] ?? "", layer: module.typeName,
                            inputShape: call.inputs[0].shape, outputShape: call.outputs[0].shape,
                            parameters: parameters, macs: Self.macs(call)))
                }, forward)
        }
        self.layers = layers
        parameters = model.parameterCount
    }

    /// Multiply-accumulates of the whole pass.
    public var macs: Int { layers.reduce(0) { $0 + $1.macs } }
    /// Floating-point operations, two per multiply-accumulate.
    public var flops: Int { 2 * macs }

    /// The multiply-accumulates of one layer call, its children's left out (see the type's documentation).
    public static func macs(_ call: ForwardCall) -> Int {
        let (input, output) = (call.inputs[0], call.outputs[0])
        switch call.module {
        case let conv as ConvolutionLayer:
            let window = conv.kernelSize.reduce(1, *)
            return conv.isTransposed
                ? input.count * conv.outChannels / conv.groups * window
                : output.count * conv.inChannels / conv.groups * window
        case let fc as Linear:
            return output.count * fc.inFeatures
        case let attention as MultiheadAttention:
            // Called as attention(x) the module attends from x to itself.
            let key = call.inputs.count > 1 ? call.inputs[1] : input, value = call.inputs.count > 2 ? call.inputs[2] : key
            let sourceLength = key.rank == 3 ? key.shape[attention.batchFirst ? 1 : 0] : key.shape[0]
            return attention.embedDim * (input.count + key.count + value.count) + 2 * input.count * sourceLength
        case let rnn as RecurrentLayer:
            let rows = input.count / rnn.inputSize, h = rnn.hiddenSize, d = rnn.numDirections
            let layerInputs = (0..<rnn.numLayers).map { $0 == 0 ? rnn.inputSize : h * d }
            return rows * d * rnn.cell.gates * h * layerInputs.reduce(0) { $0 + $1 + h }
        case let cell as RecurrentCellLayer:
            return input.count / cell.inputSize * cell.cell.gates * cell.hiddenSize * (cell.inputSize + cell.hiddenSize)
        default:
            return 0
        }
    }

    /// A text table with one row per layer that has parameters or MACs, and the totals.
    public var table: String {
        func grouped(_ n: Int) -> String {
            let digits = String(n)
            return digits.enumerated().map { i, c in (i > 0 && (digits.count - i) % 3 == 0 ? "," : "") + String(c) }.joined()
        }
        func pad(_ s: String, _ width: Int, left: Bool = false) -> String {
            let fill = String(repeating: " ", count: max(0, width - s.count))
            return left ? s + fill : fill + s
        }
        let rows = layers.filter { $0.parameters > 0 || $0.macs > 0 }
        let nameWidth = max(5, rows.map { $0.name.count + $0.layer.count + 3 }.max() ?? 0)
        var lines = [pad("layer", nameWidth, left: true) + pad("output", 20) + pad("params", 14) + pad("MACs", 18)]
        for r in rows {
            lines.append(
                pad("\(r.name) (\(r.layer))", nameWidth, left: true) + pad("\(r.outputShape)", 20)
                    + pad(grouped(r.parameters), 14) + pad(grouped(r.macs), 18))
        }
        lines.append(pad("total", nameWidth, left: true) + pad("", 20) + pad(grouped(parameters), 14) + pad(grouped(macs), 18))
        lines.append(String(format: "%.3f GMACs, %.3f GFLOPs, %.2f M parameters", Double(macs) / 1e9, Double(flops) / 1e9, Double(parameters) / 1e6))
        return lines.joined(separator: "\n")
    }
}
