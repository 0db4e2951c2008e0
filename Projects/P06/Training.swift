import DeepLearning
import Foundation

/// Translation direction: which side of the corpus is the source.
enum Direction: String, CaseIterable, Codable {
    case enZh = "en-zh", zhEn = "zh-en"

    func source(_ pair: SentencePair) -> String { self == .enZh ? pair.source : pair.target }
    func target(_ pair: SentencePair) -> String { self == .enZh ? pair.target : pair.source }
    /// sacreBLEU's tokenizer for the target language.
    var bleuTokenizer: BLEU.Tokenization { self == .enZh ? .zh : .thirteenA }
}

/// A sentence pair as ids: source + EOS, BOS + target, target + EOS.
struct EncodedPair {
    var source: [Int], targetIn: [Int], targetOut: [Int]

    init(source: [Int], target: [Int]) {
        self.source = source + [Specials.eos]
        targetIn = [Specials.bos] + target
        targetOut = target + [Specials.eos]
    }

    var length: Int { max(source.count, targetIn.count) }
}

/// The settings of one training run (saved with each checkpoint so `--resume` continues the same run).
struct TrainingSettings: Codable, Equatable {
    var direction: Direction
    var model: ModelConfig
    var epochs: Int
    var seed: UInt64
    var maxTokens = 1500
    var peakLR = 1.5e-3
    var warmup = 400
    var labelSmoothing = 0.1
    var averageLast = 3
    var maxPairs: Int?
}

enum Training {
    /// Encodes pairs, dropping those longer than the model's positions allow.
    static func encode(_ pairs: [SentencePair], _ bpe: MetaspaceBPE, _ direction: Direction, maxLength: Int) -> [EncodedPair] {
        pairs.map { EncodedPair(source: bpe.encode(direction.source($0)), target: bpe.encode(direction.target($0))) }
            .filter { $0.length <= maxLength }
    }

    /// The learner's inverse-square-root warmup (P06-E02), peak 1, as the optimizer's
    /// schedule: it throws, naming the exercise, until that exercise is written.
    static func warmupSchedule(_ optimizer: Optimizer, warmup: Int) throws -> LambdaLR {
        _ = try warmupLearningRate(step: 1, peak: 1, warmup: warmup)
        return LambdaLR(optimizer) { try! warmupLearningRate(step: $0, peak: 1, warmup: warmup) }
    }

    /// Mean label-smoothed cross-entropy per target token of one batch; padding targets are ignored.
    static func loss(_ model: Translator, _ batch: [EncodedPair], smoothing: Double) -> (loss: Tensor, tokens: Int) {
        let source = padBatch(batch.map(\.source), padId: Specials.pad)
        let targetIn = padBatch(batch.map(\.targetIn), padId: Specials.pad)
        let targetOut = padBatch(batch.map(\.targetOut), padId: Specials.pad)
        let logits = model.logits(source: source, targetIn: targetIn.ids)
        let v = logits.shape[2]
        let loss = crossEntropy(
            logits.reshape([-1, v]), targetOut.ids.reshape([-1]), ignoreIndex: Specials.pad,
            labelSmoothing: smoothing)
        return (loss, targetOut.lengths.reduce(0, +))
    }

    /// Mean loss per target token over `pairs`, in evaluation mode (no label smoothing).
    static func validationLoss(_ model: Translator, _ pairs: [EncodedPair], maxTokens: Int) -> Double {
        model.eval()
        defer { model.train() }
        var (total, tokens) = (0.0, 0)
        noGrad {
            for batch in tokenBuckets(lengths: pairs.map(\.length), maxTokens: maxTokens) {
                let (loss, n) = loss(model, batch.map { pairs[$0] }, smoothing: 0)
                total += loss.item * Double(n)
                tokens += n
            }
        }
        return total / Double(max(tokens, 1))
    }

    /// The element-wise mean of several state dicts (checkpoint averaging).
    static func average(_ states: [[String: Tensor]]) -> [String: Tensor] {
        precondition(!states.isEmpty, "Training.average: no checkpoints")
        var result: [String: Tensor] = [:]
        noGrad {
            for name in states[0].keys { result[name] = states.dropFirst().reduce(states[0][name]!) { $0 + $1[name]! } / Double(states.count) }
        }
        return result
    }
}
