import Foundation
import Testing
import Tensors
@testable import Text

/// A first-order Markov model: the next-token distribution depends on the last token only.
private struct MarkovModel {
    let logProbs: [[Double]]  // [previous token][next token]

    init(probabilities: [[Double]]) { logProbs = probabilities.map { $0.map { log($0) } } }

    /// A random model over `size` tokens (0 = BOS, 1 = EOS); BOS is never generated.
    init(randomWithSize size: Int, seed: UInt64) {
        var g = Generator(seed: seed)
        self.init(
            probabilities: (0..<size).map { _ in
                var p = (0..<size).map { $0 == 0 ? 0 : g.uniform() + 0.05 }
                let total = p.reduce(0, +)
                for i in p.indices { p[i] /= total }
                return p
            })
    }

    func step(_ prefixes: [[Int]]) -> Tensor {
        Tensor(prefixes.flatMap { logProbs[$0.last!] }, shape: [prefixes.count, logProbs.count], dtype: .float64)
    }

    /// Every sequence that ends with EOS within `maxLength` tokens, with its log-probability.
    func allFinished(maxLength: Int) -> [(tokens: [Int], logProb: Double)] {
        var out: [(tokens: [Int], logProb: Double)] = []
        var live: [(tokens: [Int], logProb: Double)] = [([], 0)]
        for _ in 0..<maxLength {
            var next: [(tokens: [Int], logProb: Double)] = []
            for h in live {
                for token in 1..<logProbs.count {
                    let extended = (h.tokens + [token], h.logProb + logProbs[h.tokens.last ?? 0][token])
                    if token == 1 { out.append(extended) } else { next.append(extended) }
                }
            }
            live = next
        }
        return out
    }
}

// Tokens: 0 BOS, 1 EOS, 2 "a", 3 "b".
private let trap = MarkovModel(probabilities: [
    [0, 0, 0.6, 0.4],  // after BOS: "a" looks better ...
    [0, 1, 0, 0],
    [0, 0.4, 0.3, 0.3],  // ... but after "a" nothing is likely,
    [0, 0.9, 0.05, 0.05],  // while after "b" EOS is almost certain.
])

@Test func greedyFallsIntoTheTrap() {
    let greedy = greedyDecode(bos: 0, eos: 1, maxLength: 10, step: trap.step)
    #expect(greedy.tokens == [2, 1] && greedy.finished)
    #expect(close(exp(greedy.logProb), 0.6 * 0.4))
}

@Test func beamSearchFindsTheBestSequence() {
    let results = beamSearch(bos: 0, eos: 1, beamWidth: 2, maxLength: 10, step: trap.step)
    #expect(results.map(\.tokens) == [[3, 1], [2, 1]])
    #expect(close(exp(results[0].logProb), 0.4 * 0.9) && close(exp(results[1].logProb), 0.6 * 0.4))
    #expect(results[0].logProb > greedyDecode(bos: 0, eos: 1, maxLength: 10, step: trap.step).logProb)
    #expect(results.allSatisfy { $0.finished })
}

@Test(arguments: [LengthPenalty.none, .average, .gnmt(alpha: 0.6), .gnmt(alpha: 1.5)])
func wideBeamSearchIsExhaustive(penalty: LengthPenalty) {
    let model = MarkovModel(randomWithSize: 5, seed: 7)
    let maxLength = 5
    let brute = model.allFinished(maxLength: maxLength)
        .map { (tokens: $0.tokens, score: $0.logProb / penalty.divisor(length: $0.tokens.count)) }
        .sorted { $0.score > $1.score }
    // 4^5 live prefixes at most: a beam that wide never prunes.
    let beam = beamSearch(bos: 0, eos: 1, beamWidth: 1024, maxLength: maxLength, nBest: 5, lengthPenalty: penalty, step: model.step)
    #expect(beam.map(\.tokens) == brute.prefix(5).map(\.tokens), "\(penalty)")
    #expect(zip(beam, brute).allSatisfy { close($0.score, $1.score) })
}

@Test func lengthPenaltyFormulas() {
    #expect(LengthPenalty.none.divisor(length: 7) == 1)
    #expect(LengthPenalty.average.divisor(length: 7) == 7)
    #expect(close(LengthPenalty.gnmt(alpha: 0.6).divisor(length: 7), pow(12.0 / 6.0, 0.6)))
    #expect(LengthPenalty.gnmt(alpha: 0.6).divisor(length: 1) == 1)
}

@Test func beamSearchStopsEarlyAtEOS() {
    var calls = 0
    let results = beamSearch(bos: 0, eos: 1, beamWidth: 2, maxLength: 50) { prefixes in
        calls += 1
        return trap.step(prefixes)
    }
    #expect(results.count == 2 && calls == 2, "both hypotheses finish after two steps")

    // A model that never emits EOS returns unfinished hypotheses of maxLength tokens.
    let noEOS = MarkovModel(probabilities: [[0, 0, 0.5, 0.5], [0, 1, 0, 0], [0, 0, 0.5, 0.5], [0, 0, 0.5, 0.5]])
    let open = beamSearch(bos: 0, eos: 1, beamWidth: 3, maxLength: 4, step: noEOS.step)
    #expect(open.count == 3 && open.allSatisfy { !$0.finished && $0.tokens.count == 4 })
}

@Test func wrongStepShapeStops() async {
    await #expect(processExitsWith: .failure) {
        _ = beamSearch(bos: 0, eos: 1, beamWidth: 2, maxLength: 3) { _ in Tensor.zeros([3, 4]) }
    }
}
