import DeepLearning
import Foundation
import Workbook

/// GloVe (Pennington et al. 2014): weighted least squares on log co-occurrence counts,
/// full batch with Adagrad as in the paper; the word vectors are W + W̃.
func trainGloVe(_ data: SkipGramData, dim: Int = 32, steps: Int = 300, seed: UInt64 = 2) throws -> (vectors: WordVectors, losses: [Double]) {
    let pairs = data.cooccurrences()
    let v = data.vocabulary.count
    let (w, wTilde, b, bTilde) = Random.withSeed(seed) {
        (
            Tensor.randn([v, dim], std: 0.1, requiresGrad: true), Tensor.randn([v, dim], std: 0.1, requiresGrad: true),
            Tensor.zeros([v], requiresGrad: true), Tensor.zeros([v], requiresGrad: true)
        )
    }
    let (i, j) = (Tensor(ints: pairs.map(\.i), shape: [pairs.count]), Tensor(ints: pairs.map(\.j), shape: [pairs.count]))
    let optimizer = Adagrad([w, wTilde, b, bTilde], lr: 0.1)
    var losses: [Double] = []
    for _ in 0..<steps {
        let loss =
            try gloveLoss(
                wordVectors: embedding(i, w), contextVectors: embedding(j, wTilde),
                wordBiases: embedding(i, b.unsqueeze(axis: 1)).squeeze(axis: 1),
                contextBiases: embedding(j, bTilde.unsqueeze(axis: 1)).squeeze(axis: 1),
                counts: pairs.map(\.count), xMax: 10) / Double(pairs.count)
        optimizer.zeroGrad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item)
    }
    return (WordVectors(words: data.vocabulary, matrix: (w + wTilde).detach()), losses)
}

/// FastText (Bojanowski et al. 2017): a word's input vector is the mean of the vectors of
/// the word itself and of its character n-grams, so unseen words get vectors too.
struct FastTextModel {
    let grams: [String: Int]
    let table: Tensor  // [V + G, D]: words first, then n-grams
    let wordCount: Int

    /// The averaging matrix [words, V + G] for `words` (a word outside the vocabulary uses only its n-grams).
    static func averaging(_ words: [String], vocabulary: [String: Int], grams: [String: Int], rows: Int) throws -> Tensor {
        var values = [Double](repeating: 0, count: words.count * rows)
        for (r, word) in words.enumerated() {
            let parts = (vocabulary[word].map { [$0] } ?? []) + (try characterNGrams(word)).compactMap { grams[$0] }
            for p in parts { values[r * rows + p] += 1 / Double(max(parts.count, 1)) }
        }
        return Tensor(values, shape: [words.count, rows], dtype: .float32)
    }

    static func train(_ data: SkipGramData, dim: Int = 32, steps: Int = 1500, seed: UInt64 = 4) throws -> (model: FastTextModel, vectors: WordVectors) {
        let vocabulary = Dictionary(uniqueKeysWithValues: data.vocabulary.enumerated().map { ($1, $0) })
        var grams: [String: Int] = [:]
        for word in data.vocabulary { for g in try characterNGrams(word) where grams[g] == nil { grams[g] = data.vocabulary.count + grams.count } }
        let rows = data.vocabulary.count + grams.count
        let average = try averaging(data.vocabulary, vocabulary: vocabulary, grams: grams, rows: rows)
        let (table, outVectors) = Random.withSeed(seed) {
            (Tensor.randn([rows, dim], std: 0.1, requiresGrad: true), Tensor.randn([data.vocabulary.count, dim], std: 0.1, requiresGrad: true))
        }
        _ = trainSkipGram(data, parameters: [table], outVectors: outVectors, steps: steps, seed: seed) { centers in
            embedding(centers, average.matmul(table))
        }
        let model = FastTextModel(grams: grams, table: table.detach(), wordCount: data.vocabulary.count)
        return (model, WordVectors(words: data.vocabulary, matrix: average.matmul(model.table)))
    }

    /// The vector of any word, seen or not.
    func vector(_ word: String, vocabulary: [String: Int]) throws -> [Double] {
        try Self.averaging([word], vocabulary: vocabulary, grams: grams, rows: table.shape[0]).matmul(table).doubles
    }
}

/// The first two principal components of the rows of `points` [N, D], by power iteration.
func principalComponents(_ points: [[Double]]) -> [(Double, Double)] {
    let dim = points[0].count
    let mean = (0..<dim).map { d in points.reduce(0) { $0 + $1[d] } / Double(points.count) }
    let centred = points.map { zip($0, mean).map { $0 - $1 } }
    var components: [[Double]] = []
    for c in 0..<2 {
        var v = (0..<dim).map { Double(($0 * 7 + c * 3) % 5) - 2 }
        for _ in 0..<200 {
            // v ← Cv, with the components found so far projected out.
            var next = [Double](repeating: 0, count: dim)
            for row in centred {
                let dot = zip(row, v).reduce(0) { $0 + $1.0 * $1.1 }
                for d in 0..<dim { next[d] += dot * row[d] }
            }
            for u in components {
                let dot = zip(next, u).reduce(0) { $0 + $1.0 * $1.1 }
                for d in 0..<dim { next[d] -= dot * u[d] }
            }
            v = WordVectors.normalized(next)
        }
        components.append(v)
    }
    return centred.map { row in (zip(row, components[0]).reduce(0) { $0 + $1.0 * $1.1 }, zip(row, components[1]).reduce(0) { $0 + $1.0 * $1.1 }) }
}

/// Section 1: three ways to learn word vectors, judged by analogies with known answers.
func wordEmbeddings(_ lesson: LessonContext) throws {
    let corpus = AnalogyCorpus(sentencesPerPair: 40, seed: 0)
    let data = SkipGramData(sentences: corpus.sentences)
    print(
        "Generated analogy corpus: \(corpus.sentences.count) sentences, \(data.ids.joined().count) tokens, \(data.vocabulary.count) words, \(data.pairs.count) skip-gram pairs (window \(data.window)), \(corpus.questions.count) analogy questions."
    )

    if let check = lesson.exercise(
        "M03-E01",
        { () throws -> Double in
            let (v, u, n) = Random.withSeed(10) {
                (Tensor.randn([8], dtype: .float64), Tensor.randn([8], dtype: .float64), Tensor.randn([5, 8], dtype: .float64))
            }
            return try skipGramNegativeSampling(center: v, context: u, negatives: n).loss
        })
    {
        print("Your skip-gram negative-sampling loss (M03-E01) on one random pair with 5 negatives: \(fmt(check))")
    }

    let start = Date()
    let (word2vec, losses) = trainWord2Vec(data)
    print(
        "Word2Vec skip-gram, 5 negatives, d = 32, 1500 steps of 256 pairs (\(String(format: "%.1f", Date().timeIntervalSince(start))) s): loss \(fmt(losses.prefix(50).reduce(0, +) / 50)) → \(fmt(losses.suffix(50).reduce(0, +) / 50))"
    )
    func report(_ name: String, _ vectors: WordVectors) {
        print("  \(name) analogy accuracy: \(fmt(100 * vectors.analogyAccuracy(corpus.questions), 1))% of \(corpus.questions.count)")
        for word in ["paris", "queen", "dogs"] {
            let neighbours = vectors.nearest(to: vectors.vector(word)!, k: 4, excluding: [word])
            print("    nearest to \(word): " + neighbours.map { "\($0.word) \(String(format: "%.2f", $0.similarity))" }.joined(separator: ", "))
        }
        for (a, b, c) in [("france", "paris", "japan"), ("king", "queen", "uncle"), ("cat", "cats", "tree")] {
            print("    \(a) : \(b) = \(c) : \(vectors.analogy(a, b, c) ?? "?")")
        }
    }
    report("Word2Vec", word2vec)

    if let (glove, gloveLosses) = lesson.exercise("M03-E02", { try trainGloVe(data) }) {
        print("GloVe, d = 32, 300 full-batch Adagrad steps: loss \(fmt(gloveLosses.first!)) → \(fmt(gloveLosses.last!))")
        report("GloVe", glove)
    }
    if let (fastText, vectors) = lesson.exercise("M03-E03", { try FastTextModel.train(data) }) {
        print("FastText (word + character 3-6-grams, \(fastText.grams.count) n-grams), skip-gram as above:")
        report("FastText", vectors)
        let vocabulary = Dictionary(uniqueKeysWithValues: data.vocabulary.enumerated().map { ($1, $0) })
        for unseen in ["kings", "cities", "princes"] {
            let neighbours = vectors.nearest(to: try fastText.vector(unseen, vocabulary: vocabulary), k: 3)
            print("    unseen word \(unseen): nearest " + neighbours.map { "\($0.word) \(String(format: "%.2f", $0.similarity))" }.joined(separator: ", "))
        }
    }

    // A 2-D picture of the relation words.
    var words: [String] = [], classes: [Int] = []
    for (r, relation) in AnalogyCorpus.relations.enumerated() {
        for pair in relation.pairs.prefix(6) {
            words += [pair.a, pair.b]
            classes += [2 * r, 2 * r + 1]
        }
    }
    let projected = principalComponents(words.map { word2vec.vector($0)! })
    try ScatterPlot(
        x: projected.map(\.0), y: projected.map(\.1), classes: classes,
        classNames: ["country", "capital", "male", "female", "singular", "plural"],
        title: Messages().text("Word2Vec: 2 principal components", zh: "Word2Vec:前两个主成分"), xLabel: "PC 1", yLabel: "PC 2"
    )
    .write(to: lesson.figureURL("word_vectors_pca.png"))
    var chart = LineChart(
        title: Messages().text("Skip-gram negative-sampling loss", zh: "跳字模型负采样损失"), xLabel: Messages().text("step", zh: "步"),
        yLabel: Messages().text("loss", zh: "损失"))
    chart.add(
        "Word2Vec",
        y: stride(from: 0, to: losses.count, by: 25).map { losses[$0..<min($0 + 25, losses.count)].reduce(0, +) / Double(min(25, losses.count - $0)) })
    try chart.write(to: lesson.figureURL("word2vec_loss.png"))
}
