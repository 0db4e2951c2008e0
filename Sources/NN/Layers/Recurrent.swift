import Foundation
import Tensors

/// What `RNN`, `LSTM` and `GRU` share (`torch.nn.RNNBase`): a stack of `numLayers`
/// recurrent layers, each optionally bidirectional, over inputs shaped
/// `[T, B, inputSize]` (`[B, T, inputSize]` with `batchFirst`, or unbatched `[T, inputSize]`).
///
/// Parameters carry PyTorch's names and shapes, so a state dict moves between the two:
/// `weight_ih_l{k}` `[G·H, in]`, `weight_hh_l{k}` `[G·H, H]`, `bias_ih_l{k}`, `bias_hh_l{k}` `[G·H]`,
/// with the suffix `_reverse` for the backward direction, G = 1 (RNN), 4 (LSTM: i, f, g, o)
/// or 3 (GRU: r, z, n). All start U(-1/√H, 1/√H), as in PyTorch.
///
/// Variable lengths: pass `lengths` (one per sequence, like `pack_padded_sequence`).
/// Padded steps leave the state unchanged and give zero output, the final state is the
/// one after each sequence's last real step, and the backward direction starts there.
public class RecurrentLayer: Module {
    public let inputSize: Int, hiddenSize: Int, numLayers: Int
    public let hasBias: Bool, batchFirst: Bool, bidirectional: Bool
    /// Dropout on the outputs of every layer but the last, in training mode.
    public let dropout: Double
    let cell: RecurrentCell
    /// The parameters in PyTorch's order, with PyTorch's names.
    let weights: [(name: String, tensor: Tensor)]

    init(
        _ cell: RecurrentCell, inputSize: Int, hiddenSize: Int, numLayers: Int, bias: Bool, batchFirst: Bool,
        dropout: Double, bidirectional: Bool, dtype: DType
    ) {
        let typeName = String(describing: Self.self)
        precondition(
            inputSize > 0 && hiddenSize > 0 && numLayers > 0,
            "\(typeName): inputSize (\(inputSize)), hiddenSize (\(hiddenSize)) and numLayers (\(numLayers)) must be positive")
        precondition(dropout >= 0 && dropout <= 1, "\(typeName): dropout must be in [0, 1], got \(dropout)")
        precondition(dtype.isFloatingPoint, "\(typeName): dtype must be floating point, got \(dtype)")
        (self.inputSize, self.hiddenSize, self.numLayers) = (inputSize, hiddenSize, numLayers)
        (hasBias, self.batchFirst, self.bidirectional, self.dropout, self.cell) = (bias, batchFirst, bidirectional, dropout, cell)
        var weights: [(String, Tensor)] = []
        for layer in 0..<numLayers {
            for direction in 0..<(bidirectional ? 2 : 1) {
                let suffix = "_l\(layer)" + (direction == 1 ? "_reverse" : "")
                let layerInput = layer == 0 ? inputSize : hiddenSize * (bidirectional ? 2 : 1)
                weights += recurrentWeights(cell, inputSize: layerInput, hiddenSize: hiddenSize, bias: bias, dtype: dtype)
                    .map { ($0.name + suffix, $0.tensor) }
            }
        }
        self.weights = weights
        super.init()
    }

    public override var ownParameters: [(name: String, tensor: Tensor)] { weights }

    public var numDirections: Int { bidirectional ? 2 : 1 }

    /// The parameter called `name` (`"weight_hh_l0"`, ...), like `lstm.weight_hh_l0` in PyTorch.
    public func parameter(_ name: String) -> Tensor {
        guard let found = weights.first(where: { $0.name == name }) else {
            preconditionFailure("\(type(of: self)): no parameter \(name); it has \(weights.map(\.name))")
        }
        return found.tensor
    }

    /// Layer `layer`'s weights for one direction (0 forward, 1 backward).
    private func layerWeights(_ layer: Int, _ direction: Int) -> RecurrentWeights {
        let perDirection = hasBias ? 4 : 2
        let start = (layer * numDirections + direction) * perDirection
        return RecurrentWeights(
            ih: weights[start].tensor, hh: weights[start + 1].tensor,
            ihBias: hasBias ? weights[start + 2].tensor : nil, hhBias: hasBias ? weights[start + 3].tensor : nil)
    }

    /// Runs the stack. `initial` holds h0 (and c0 for the LSTM), each `[L·D, B, H]`
    /// (`[L·D, H]` unbatched); zeros when nil. Returns the output and the final states shaped like them.
    func run(_ input: Tensor, initial: [Tensor]?, lengths: [Int]?) -> (output: Tensor, final: [Tensor]) {
        let name = String(describing: type(of: self))
        ExerciseTwins.called(name, twinOf: cell.exercises)
        return reportingCall(inputs: [input] + (initial ?? []), outputs: { [$0.output] + $0.final }) {
            precondition(
                (input.rank == 2 || input.rank == 3) && input.shape.last == inputSize,
                "\(name): expected input of shape [T, B, \(inputSize)]\(batchFirst ? " (batch first: [B, T, \(inputSize)])" : "") or [T, \(inputSize)], got \(input.shape)"
            )
            let batched = input.rank == 3
            // Time-major inside: [T, B, I].
            let x = !batched ? input.unsqueeze(axis: 1) : (batchFirst ? input.transpose(0, 1) : input)
            let (steps, batch) = (x.shape[0], x.shape[1])
            precondition(steps > 0, "\(name): the input has no time steps (shape \(input.shape))")
            let stateShape = [numLayers * numDirections, batch, hiddenSize]
            let initial = initial.map { states in
                states.map { s in
                    let s = batched ? s : s.unsqueeze(axis: 1)
                    precondition(
                        s.shape == stateShape, "\(name): expected initial state of shape \(batched ? stateShape : [stateShape[0], hiddenSize]), got \(s.shape)")
                    precondition(s.dtype == x.dtype, "\(name): initial state is \(s.dtype), input \(x.dtype)")
                    return s
                }
            }
            if let lengths {
                precondition(
                    lengths.count == batch && lengths.allSatisfy { $0 >= 1 && $0 <= steps },
                    "\(name): lengths \(lengths) must give one length in 1...\(steps) per sequence (batch \(batch))")
            }
            precondition(x.dtype == weights[0].tensor.dtype, "\(name): input is \(x.dtype) but the weights are \(weights[0].tensor.dtype)")

            var layerInput = x
            var finals = [[Tensor]](repeating: [], count: cell.stateCount)
            for layer in 0..<numLayers {
                var outputs: [Tensor] = []
                for direction in 0..<numDirections {
                    let w = layerWeights(layer, direction)
                    let index = layer * numDirections + direction
                    let start = (0..<cell.stateCount).map { k in
                        initial?[k][index] ?? Tensor.zeros([batch, hiddenSize], dtype: x.dtype)
                    }
                    let projection = linear(layerInput, w.ih, w.ihBias)
                    let states = recurrentScan(
                        cell, inputProjection: projection, hiddenWeight: w.hh, hiddenBias: w.hhBias,
                        h0: start[0], c0: cell == .lstm ? start[1] : nil, lengths: lengths, reverse: direction == 1)
                    // The state after the last visited step: T-1 forward, 0 backward.
                    let last = direction == 0 ? steps - 1 : 0
                    for k in 0..<cell.stateCount {
                        finals[k].append(
                            states.slice(axis: 0, start: k, end: k + 1).slice(axis: 1, start: last, end: last + 1)
                                .reshape([batch, hiddenSize]))
                    }
                    outputs.append(
                        cell.stateCount == 1
                            ? states.reshape([steps, batch, hiddenSize])
                            : states.slice(axis: 0, start: 0, end: 1).reshape([steps, batch, hiddenSize]))
                }
                layerInput = outputs.count == 1 ? outputs[0] : concat(outputs, axis: 2)
                if layer < numLayers - 1 { layerInput = NN.dropout(layerInput, p: dropout, training: isTraining) }
            }
            var output = layerInput
            if let lengths { output = output * paddingMask(lengths: lengths, steps: steps, dtype: x.dtype) }
            output = !batched ? output.squeeze(axis: 1) : (batchFirst ? output.transpose(0, 1) : output)
            let final = finals.map { states in batched ? stack(states) : stack(states).squeeze(axis: 1) }
            return (output, final)
        }
    }

    /// `[T, B, 1]`: 1 at real steps, 0 at padded ones.
    private func paddingMask(lengths: [Int], steps: Int, dtype: DType) -> Tensor {
        let values = (0..<steps).flatMap { t in lengths.map { t < $0 ? 1.0 : 0.0 } }
        return Tensor(values, shape: [steps, lengths.count, 1], dtype: dtype)
    }

    public override var extraDescription: String {
        var parts = ["\(inputSize), \(hiddenSize)"]
        if numLayers != 1 { parts.append("numLayers: \(numLayers)") }
        if !hasBias { parts.append("bias: false") }
        if batchFirst { parts.append("batchFirst: true") }
        if dropout != 0 { parts.append("dropout: \(dropout)") }
        if bidirectional { parts.append("bidirectional: true") }
        return parts.joined(separator: ", ")
    }
}

/// One layer-direction's parameters.
struct RecurrentWeights {
    let ih: Tensor, hh: Tensor, ihBias: Tensor?, hhBias: Tensor?
}

/// Fresh weights for one layer-direction (or one cell), named without suffix and
/// drawn U(-1/√H, 1/√H) in PyTorch's order.
func recurrentWeights(_ cell: RecurrentCell, inputSize: Int, hiddenSize: Int, bias: Bool, dtype: DType) -> [(name: String, tensor: Tensor)] {
    let bound = 1 / Double(hiddenSize).squareRoot()
    let rows = cell.gates * hiddenSize
    let shapes =
        [("weight_ih", [rows, inputSize]), ("weight_hh", [rows, hiddenSize])]
        + (bias ? [("bias_ih", [rows]), ("bias_hh", [rows])] : [])
    return shapes.map { name, shape in
        (name, Tensor.uniform(shape, low: -bound, high: bound, dtype: dtype, requiresGrad: true))
    }
}

/// The layers whose only state is h (`RNN`, `GRU`): their call returns the output and h_n.
public class HiddenStateRecurrentLayer: RecurrentLayer {
    /// `output, h_n = rnn(input, h0)`: output `[T, B, D·H]` (batch first: `[B, T, D·H]`), hN `[L·D, B, H]`.
    public func callAsFunction(_ input: Tensor, _ h0: Tensor? = nil, lengths: [Int]? = nil) -> (output: Tensor, hN: Tensor) {
        let (output, final) = run(input, initial: h0.map { [$0] }, lengths: lengths)
        return (output, final[0])
    }

    /// The output alone, so the layer fits in `Sequential`.
    public override func forward(_ x: Tensor) -> Tensor { self(x).output }
}

/// An Elman RNN (`torch.nn.RNN`): h' = tanh(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh), or ReLU.
///
/// ```swift
/// let rnn = RNN(10, 20, numLayers: 2)
/// let (output, hN) = rnn(Tensor.randn([5, 3, 10]))   // [5, 3, 20], [2, 3, 20]
/// ```
public final class RNN: HiddenStateRecurrentLayer {
    public enum Nonlinearity: Sendable { case tanh, relu }
    public let nonlinearity: Nonlinearity

    public init(
        _ inputSize: Int, _ hiddenSize: Int, numLayers: Int = 1, nonlinearity: Nonlinearity = .tanh, bias: Bool = true,
        batchFirst: Bool = false, dropout: Double = 0, bidirectional: Bool = false, dtype: DType = .float32
    ) {
        self.nonlinearity = nonlinearity
        super.init(
            nonlinearity == .tanh ? .rnnTanh : .rnnReLU, inputSize: inputSize, hiddenSize: hiddenSize, numLayers: numLayers,
            bias: bias, batchFirst: batchFirst, dropout: dropout, bidirectional: bidirectional, dtype: dtype)
    }
}

/// Long short-term memory (`torch.nn.LSTM`), gates in PyTorch's order i, f, g, o:
///
///     i = σ(W_ii x + b_ii + W_hi h + b_hi)    f = σ(W_if x + ... )    g = tanh(W_ig x + ...)    o = σ(W_io x + ...)
///     c' = f⊙c + i⊙g                          h' = o⊙tanh(c')
///
/// ```swift
/// let lstm = LSTM(64, 128, batchFirst: true)
/// let (output, (hN, cN)) = lstm(Tensor.randn([32, 20, 64]))   // [32, 20, 128], [1, 32, 128] twice
/// ```
public final class LSTM: RecurrentLayer {
    public init(
        _ inputSize: Int, _ hiddenSize: Int, numLayers: Int = 1, bias: Bool = true, batchFirst: Bool = false,
        dropout: Double = 0, bidirectional: Bool = false, dtype: DType = .float32
    ) {
        super.init(
            .lstm, inputSize: inputSize, hiddenSize: hiddenSize, numLayers: numLayers, bias: bias,
            batchFirst: batchFirst, dropout: dropout, bidirectional: bidirectional, dtype: dtype)
    }

    /// `output, (h_n, c_n) = lstm(input, (h0, c0))`; states `[L·D, B, H]`.
    public func callAsFunction(
        _ input: Tensor, _ state: (h: Tensor, c: Tensor)? = nil,
        lengths: [Int]? = nil
    ) -> (output: Tensor, state: (h: Tensor, c: Tensor)) {
        let (output, final) = run(input, initial: state.map { [$0.h, $0.c] }, lengths: lengths)
        return (output, (final[0], final[1]))
    }

    public override func forward(_ x: Tensor) -> Tensor { self(x).output }
}

/// Gated recurrent unit (`torch.nn.GRU`), gates in PyTorch's order r, z, n:
///
///     r = σ(W_ir x + b_ir + W_hr h + b_hr)    z = σ(W_iz x + b_iz + W_hz h + b_hz)
///     n = tanh(W_in x + b_in + r⊙(W_hn h + b_hn))    h' = (1-z)⊙n + z⊙h
public final class GRU: HiddenStateRecurrentLayer {
    public init(
        _ inputSize: Int, _ hiddenSize: Int, numLayers: Int = 1, bias: Bool = true, batchFirst: Bool = false,
        dropout: Double = 0, bidirectional: Bool = false, dtype: DType = .float32
    ) {
        super.init(
            .gru, inputSize: inputSize, hiddenSize: hiddenSize, numLayers: numLayers, bias: bias,
            batchFirst: batchFirst, dropout: dropout, bidirectional: bidirectional, dtype: dtype)
    }
}
