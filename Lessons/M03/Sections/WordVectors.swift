import DeepLearning
import Foundation

/// Unit-length word vectors with nearest-neighbour and analogy queries (cosine similarity).
struct WordVectors {
    let words: [String]
    let index: [String: Int]
    /// Row-normalized, [V, D].
    let unit: [[Double]]

    init(words: [String], matrix: Tensor) {
        let dim = matrix.shape[1], values = matrix.doubles
        self.words = words
        index = Dictionary(uniqueKeysWithValues: words.enumerated().map { ($1, $0) })
        unit = (0..<words.count).map { row in Self.normalized(Array(values[row * dim..<(row + 1) * dim])) }
    }

    static func normalized(_ v: [Double]) -> [Double] {
        let norm = max(1e-12, v.reduce(0) { $0 + $1 * $1 }.squareRoot())
        return v.map { $0 / norm }
    }

    /// The `k` words most similar to `query`, best first, leaving out `excluding`.
    func nearest(to query: [Double], k: Int, excluding: Set<String> = []) -> [(word: String, similarity: Double)] {
        let q = Self.normalized(query)
        return unit.enumerated().filter { !excluding.contains(words[$0.offset]) }
            .map { (words[$0.offset], zip($0.element, q).reduce(0) { $0 + $1.0 * $1.1 }) }
            .sorted { $0.1 > $1.1 }.prefix(k).map { $0 }
    }

    func vector(_ word: String) -> [Double]? { index[word].map { unit[$0] } }

    /// "a is to b as c is to ?": the word closest to b − a + c, leaving out a, b and c.
    func analogy(_ a: String, _ b: String, _ c: String) -> String? {
        guard let va = vector(a), let vb = vector(b), let vc = vector(c) else { return nil }
        let query = (0..<va.count).map { vb[$0] - va[$0] + vc[$0] }
        return nearest(to: query, k: 1, excluding: [a, b, c]).first?.word
    }

    /// The fraction of questions answered with the expected word.
    func analogyAccuracy(_ questions: [AnalogyQuestion]) -> Double {
        Double(questions.filter { analogy($0.a, $0.b, $0.c) == $0.d }.count) / Double(questions.count)
    }
}

/// A tokenized corpus as ids, with its skip-gram pairs and a noise distribution for negative sampling.
struct SkipGramData {
    let vocabulary: [String]
    let ids: [[Int]]
    let pairs: [(center: Int, context: Int)]
    let window: Int
    /// Cumulative unigram^0.75 distribution (Mikolov et al.'s noise distribution).
    let noise: [Double]

    init(sentences: [[String]], window: Int = 4) {
        let counts = Vocabulary.count(sentences)
        vocabulary = counts.keys.sorted()
        let index = Dictionary(uniqueKeysWithValues: vocabulary.enumerated().map { ($1, $0) })
        ids = sentences.map { $0.map { index[$0]! } }
        self.window = window
        pairs = ids.flatMap { s in
            s.indices.flatMap { i in
                (max(0, i - window)...min(s.count - 1, i + window)).filter { $0 != i }.map { (s[i], s[$0]) }
            }
        }
        let weights = vocabulary.map { pow(Double(counts[$0]!), 0.75) }
        let total = weights.reduce(0, +)
        var running = 0.0
        noise = weights.map {
            running += $0 / total; return running
        }
    }

    func drawNoise(using generator: inout Generator) -> Int {
        let u = Double.random(in: 0..<1, using: &generator)
        var (low, high) = (0, noise.count - 1)
        while low < high { let mid = (low + high) / 2; if noise[mid] < u { low = mid + 1 } else { high = mid } }
        return low
    }

    /// Co-occurrence counts within the window, weighted 1/distance as GloVe does: (i, j, X_ij).
    func cooccurrences() -> [(i: Int, j: Int, count: Double)] {
        var counts: [Int: Double] = [:]
        let v = vocabulary.count
        for s in ids {
            for i in s.indices {
                for j in max(0, i - window)...min(s.count - 1, i + window) where j != i {
                    counts[s[i] * v + s[j], default: 0] += 1 / Double(abs(i - j))
                }
            }
        }
        return counts.sorted { $0.key < $1.key }.map { (i: $0.key / v, j: $0.key % v, count: $0.value) }
    }
}

/// Skip-gram with negative sampling, batched: `centerVectors(ids)` gives the center words'
/// input vectors (plain rows for Word2Vec, n-gram averages for FastText).
func trainSkipGram(
    _ data: SkipGramData, parameters: [Tensor], outVectors: Tensor, steps: Int, batch: Int = 256, negatives: Int = 5,
    lr: Double = 0.01, seed: UInt64, centerVectors: (Tensor) -> Tensor
) -> [Double] {
    var generator = Generator(seed: seed)
    let optimizer = Adam(parameters + [outVectors], lr: lr)
    var losses: [Double] = []
    for _ in 0..<steps {
        let chosen = sample(data.pairs, batch, using: &generator)
        let centers = Tensor(ints: chosen.map(\.center), shape: [batch])
        let contexts = Tensor(ints: chosen.map(\.context), shape: [batch])
        let noise = Tensor(ints: (0..<batch * negatives).map { _ in data.drawNoise(using: &generator) }, shape: [batch, negatives])
        let v = centerVectors(centers)  // [B, D]
        let positive = (v * embedding(contexts, outVectors)).sum(axis: 1)  // u_o·v
        let negative = embedding(noise, outVectors).matmul(v.unsqueeze(axis: 2)).squeeze(axis: 2)  // u_k·v, [B, K]
        let loss = softplus(-positive).mean() + softplus(negative).sum(axis: 1).mean()
        optimizer.zeroGrad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item)
    }
    return losses
}

/// Word2Vec skip-gram vectors for a corpus: input plus output vectors, as GloVe sums its two tables.
func trainWord2Vec(_ data: SkipGramData, dim: Int = 32, steps: Int = 1500, seed: UInt64 = 1) -> (vectors: WordVectors, losses: [Double]) {
    let (inVectors, outVectors) = Random.withSeed(seed) {
        (Tensor.randn([data.vocabulary.count, dim], std: 0.1, requiresGrad: true), Tensor.randn([data.vocabulary.count, dim], std: 0.1, requiresGrad: true))
    }
    let losses = trainSkipGram(data, parameters: [inVectors], outVectors: outVectors, steps: steps, seed: seed) { embedding($0, inVectors) }
    return (WordVectors(words: data.vocabulary, matrix: (inVectors + outVectors).detach()), losses)
}
