import Tensors

/// One step of a recurrent cell (`torch.nn.RNNCell`, `LSTMCell`, `GRUCell`), for
/// loops written by hand (decoders, teacher forcing). Inputs are `[B, inputSize]`
/// or unbatched `[inputSize]`; parameters are PyTorch's `weight_ih`, `weight_hh`,
/// `bias_ih`, `bias_hh`. The step runs the same fused kernel as the full layers.
public class RecurrentCellLayer: Module {
    public let inputSize: Int, hiddenSize: Int
    let cell: RecurrentCell
    let weights: [(name: String, tensor: Tensor)]

    init(_ cell: RecurrentCell, inputSize: Int, hiddenSize: Int, bias: Bool, dtype: DType) {
        precondition(
            inputSize > 0 && hiddenSize > 0,
            "\(Self.self): inputSize (\(inputSize)) and hiddenSize (\(hiddenSize)) must be positive")
        (self.inputSize, self.hiddenSize, self.cell) = (inputSize, hiddenSize, cell)
        weights = recurrentWeights(cell, inputSize: inputSize, hiddenSize: hiddenSize, bias: bias, dtype: dtype)
        super.init()
    }

    public override var ownParameters: [(name: String, tensor: Tensor)] { weights }

    public var weightIH: Tensor { weights[0].tensor }
    public var weightHH: Tensor { weights[1].tensor }
    public var biasIH: Tensor? { weights.count > 2 ? weights[2].tensor : nil }
    public var biasHH: Tensor? { weights.count > 2 ? weights[3].tensor : nil }

    /// One step from `states` (h, and c for the LSTM; zeros when nil); returns the new states.
    func step(_ x: Tensor, _ states: [Tensor]?) -> [Tensor] {
        let name = String(describing: type(of: self))
        ExerciseTwins.called(name, twinOf: cell.exercises)
        return reportingCall(inputs: [x] + (states ?? []), outputs: { $0 }) {
            precondition(
                (x.rank == 1 || x.rank == 2) && x.shape.last == inputSize,
                "\(name): expected input of shape [B, \(inputSize)] or [\(inputSize)], got \(x.shape)")
            precondition(x.dtype == weightIH.dtype, "\(name): input is \(x.dtype) but the weights are \(weightIH.dtype)")
            let batched = x.rank == 2
            let input = batched ? x : x.unsqueeze(axis: 0)
            let batch = input.shape[0]
            let start = (0..<cell.stateCount).map { k -> Tensor in
                guard let s = states?[k] else { return Tensor.zeros([batch, hiddenSize], dtype: x.dtype) }
                let s2 = batched ? s : s.unsqueeze(axis: 0)
                precondition(
                    s2.shape == [batch, hiddenSize], "\(name): expected state of shape \(batched ? [batch, hiddenSize] : [hiddenSize]), got \(s.shape)")
                return s2
            }
            let projection = linear(input, weightIH, biasIH).unsqueeze(axis: 0)
            let out = recurrentScan(
                cell, inputProjection: projection, hiddenWeight: weightHH, hiddenBias: biasHH,
                h0: start[0], c0: cell == .lstm ? start[1] : nil, lengths: nil, reverse: false)
            return (0..<cell.stateCount).map { k in
                let state = out.slice(axis: 0, start: k, end: k + 1).reshape([batch, hiddenSize])
                return batched ? state : state.squeeze(axis: 0)
            }
        }
    }

    public override var extraDescription: String { "\(inputSize), \(hiddenSize)\(biasIH == nil ? ", bias: false" : "")" }
}

/// One Elman RNN step (`torch.nn.RNNCell`): h' = tanh(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh), or ReLU.
public final class RNNCell: RecurrentCellLayer {
    public init(_ inputSize: Int, _ hiddenSize: Int, bias: Bool = true, nonlinearity: RNN.Nonlinearity = .tanh, dtype: DType = .float32) {
        super.init(nonlinearity == .tanh ? .rnnTanh : .rnnReLU, inputSize: inputSize, hiddenSize: hiddenSize, bias: bias, dtype: dtype)
    }

    /// h' from input `[B, I]` and h `[B, H]` (zeros when nil).
    public func callAsFunction(_ x: Tensor, _ h: Tensor?) -> Tensor { step(x, h.map { [$0] })[0] }
    public override func forward(_ x: Tensor) -> Tensor { self(x, nil) }
}

/// One LSTM step (`torch.nn.LSTMCell`), gates i, f, g, o.
///
/// ```swift
/// let cell = LSTMCell(10, 20)
/// var state = cell(x0)                 // (h, c), each [B, 20]
/// state = cell(x1, state)
/// ```
public final class LSTMCell: RecurrentCellLayer {
    public init(_ inputSize: Int, _ hiddenSize: Int, bias: Bool = true, dtype: DType = .float32) {
        super.init(.lstm, inputSize: inputSize, hiddenSize: hiddenSize, bias: bias, dtype: dtype)
    }

    /// (h', c') from input `[B, I]` and (h, c) (zeros when nil).
    public func callAsFunction(_ x: Tensor, _ state: (h: Tensor, c: Tensor)? = nil) -> (h: Tensor, c: Tensor) {
        let next = step(x, state.map { [$0.h, $0.c] })
        return (next[0], next[1])
    }

    /// h' alone, from zero states.
    public override func forward(_ x: Tensor) -> Tensor { step(x, nil)[0] }
}

/// One GRU step (`torch.nn.GRUCell`), gates r, z, n.
public final class GRUCell: RecurrentCellLayer {
    public init(_ inputSize: Int, _ hiddenSize: Int, bias: Bool = true, dtype: DType = .float32) {
        super.init(.gru, inputSize: inputSize, hiddenSize: hiddenSize, bias: bias, dtype: dtype)
    }

    /// h' from input `[B, I]` and h `[B, H]` (zeros when nil).
    public func callAsFunction(_ x: Tensor, _ h: Tensor?) -> Tensor { step(x, h.map { [$0] })[0] }
    public override func forward(_ x: Tensor) -> Tensor { self(x, nil) }
}
