import DeepLearning
import Foundation
import Workbook

/// Ids of words, with 0 for padding and 1 for words never seen in training.
struct WordIndex {
    static let pad = 0, unknown = 1
    let words: [String]
    let ids: [String: Int]

    /// `reserved` take the first ids (padding first).
    init(_ sentences: [[String]], reserved: [String] = ["<pad>", "<unk>"]) {
        words = reserved + Set(sentences.joined()).subtracting(reserved).sorted()
        ids = Dictionary(uniqueKeysWithValues: words.enumerated().map { ($1, $0) })
    }

    func encode(_ sentence: [String]) -> [Int] { sentence.map { ids[$0] ?? Self.unknown } }
}

/// A fastText-style classifier: the mean of the word vectors, then a linear layer.
final class BagOfEmbeddingsClassifier: Module {
    let embedding: Embedding
    let output: Linear

    init(vocabulary: Int, classes: Int, dim: Int = 16) {
        embedding = Embedding(vocabulary, dim, paddingIndex: WordIndex.pad)
        output = Linear(dim, classes)
        super.init()
    }

    /// `ids` int64 [B, T], 0-padded → logits [B, classes].
    override func forward(_ ids: Tensor) -> Tensor {
        let mask = (ids .!= Double(WordIndex.pad)).unsqueeze(axis: 2)
        let mean = (embedding(ids) * mask).sum(axis: 1) / mask.sum(axis: 1)
        return output(mean)
    }
}

/// A bidirectional LSTM tagger over word ids and word shapes (capitalised, lower-case, other):
/// the shape and the context let it tag names it has never seen.
final class NERTagger: Module {
    static let tags = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"]
    let words: Embedding, shapes: Embedding
    let lstm: LSTM
    let output: Linear

    init(vocabulary: Int, dim: Int = 32, hidden: Int = 32) {
        words = Embedding(vocabulary, dim, paddingIndex: WordIndex.pad)
        shapes = Embedding(4, 8, paddingIndex: 0)
        lstm = LSTM(dim + 8, hidden, batchFirst: true, bidirectional: true)
        output = Linear(2 * hidden, Self.tags.count)
        super.init()
    }

    static func shape(_ word: String) -> Int {
        guard let first = word.first else { return 3 }
        return first.isUppercase ? 1 : first.isLetter ? 2 : 3
    }

    /// Logits [B, T, tags] for padded word ids and shapes.
    func logits(_ ids: [[Int]], _ shapeIds: [[Int]]) -> Tensor {
        let x = concat([words(padBatch(ids, padId: WordIndex.pad).ids), shapes(padBatch(shapeIds, padId: 0).ids)], axis: 2)
        return output(lstm(x, lengths: ids.map(\.count)).output)
    }

    func predict(_ sentences: [[String]], index: WordIndex) -> [[String]] {
        noGrad {
            let best = logits(sentences.map(index.encode), sentences.map { $0.map(Self.shape) }).argmax(axis: 2)
            let width = best.shape[1], flat = best.ints
            return sentences.enumerated().map { b, s in (0..<s.count).map { Self.tags[flat[b * width + $0]] } }
        }
    }
}

/// The NER experiment: train on sentences with the training names, test on sentences whose
/// names were all held out (`NERCorpus.heldOutNames`): only context and shape can tell.
struct NERExperiment {
    let tagger: NERTagger
    let index: WordIndex
    let losses: [Double]
    let test: [TaggedSentence]

    static func run(steps: Int = 300, seed: UInt64 = 5, report: Int = 0) -> NERExperiment {
        let train = NERCorpus.sentences(count: 800, seed: seed)
        let test = NERCorpus.sentences(count: 200, seed: seed + 1, heldOut: true)
        let index = WordIndex(train.map(\.tokens))
        let tagIds = Dictionary(uniqueKeysWithValues: NERTagger.tags.enumerated().map { ($1, $0) })
        Random.seed(seed)
        let tagger = NERTagger(vocabulary: index.words.count)
        let losses = trainModel(tagger, steps: steps, lr: 5e-3, seed: seed, report: report) { generator in
            let batch = sample(train, 32, using: &generator)
            // Word dropout: a word becomes <unk> a quarter of the time, as an unseen name would.
            let ids = batch.map { index.encode($0.tokens).map { Double.random(in: 0..<1, using: &generator) < 0.25 ? WordIndex.unknown : $0 } }
            let logits = tagger.logits(ids, batch.map { $0.tokens.map(NERTagger.shape) })
            let targets = padBatch(batch.map { $0.tags.map { tagIds[$0]! } }, padId: -100).ids
            return crossEntropy(logits.reshape([targets.count, NERTagger.tags.count]), targets.reshape([targets.count]))
        }
        return NERExperiment(tagger: tagger, index: index, losses: losses, test: test)
    }

    var scores: EntityScores {
        EntityScores(truth: test.map(\.tags), predicted: tagger.predict(test.map(\.tokens), index: index))
    }
}

/// Section 5: three downstream tasks.
func downstreamTasks(_ lesson: LessonContext) throws {
    // Text classification: which relation does a sentence of the analogy corpus talk about?
    print("Text classification (mean of word vectors + linear, fastText style): the relation of a sentence.")
    let relations = AnalogyCorpus.relations.map(\.name)
    func labelled(_ corpus: AnalogyCorpus) -> [(words: [String], label: Int)] {
        corpus.sentences.map { s in (s, AnalogyCorpus.relations.firstIndex { r in r.pairs.contains { s.contains($0.a) || s.contains($0.b) } }!) }
    }
    let (trainSentences, testSentences) = (labelled(AnalogyCorpus(sentencesPerPair: 10, seed: 1)), labelled(AnalogyCorpus(sentencesPerPair: 5, seed: 2)))
    let index = WordIndex(trainSentences.map(\.words))
    Random.seed(50)
    let classifier = BagOfEmbeddingsClassifier(vocabulary: index.words.count, classes: relations.count)
    _ = trainModel(classifier, steps: 150, lr: 1e-2, seed: 50) { generator in
        let batch = sample(trainSentences, 32, using: &generator)
        return crossEntropy(
            classifier(padBatch(batch.map { index.encode($0.words) }, padId: WordIndex.pad).ids), Tensor(ints: batch.map(\.label), shape: [batch.count]))
    }
    let predicted = noGrad { classifier(padBatch(testSentences.map { index.encode($0.words) }, padId: WordIndex.pad).ids).argmax(axis: 1).ints }
    print(
        "  \(trainSentences.count) training, \(testSentences.count) test sentences; test accuracy \(fmt(100 * accuracy(truth: testSentences.map(\.label), predicted: predicted), 1))%"
    )

    print("\nNamed-entity recognition: a BiLSTM tagger (word + shape embeddings), tested on sentences with unseen names.")
    let ner = NERExperiment.run(report: 100)
    let scores = ner.scores
    print("  held-out entity F1 (seqeval): \(fmt(scores.micro.f1)) (precision \(fmt(scores.micro.precision)), recall \(fmt(scores.micro.recall)))")
    for type in scores.perType.keys.sorted() { print("    \(type): F1 \(fmt(scores.perType[type]!.f1)), support \(scores.perType[type]!.support)") }
    let example = ner.test[0]
    print("  " + zip(example.tokens, ner.tagger.predict([example.tokens], index: ner.index)[0]).map { "\($0)/\($1)" }.joined(separator: " "))
    if let f1 = lesson.exercise(
        "M03-E12", { try entityF1(truth: ner.test.map(\.tags), predicted: ner.tagger.predict(ner.test.map(\.tokens), index: ner.index)) })
    {
        print("  your entity F1 (M03-E12): \(fmt(f1))")
    }

    print("\nMachine translation: an encoder-decoder Transformer on the generated English → toy-language pairs.")
    let experiment = TranslationExperiment.run(report: 200)
    let bleu = experiment.bleu()
    print("  held-out BLEU: \(String(format: "%.1f", bleu.score)) on \(experiment.test.count) sentences")
    for pair in experiment.test.prefix(3) {
        print("    \(pair.source)\n      → \(experiment.translate(pair.source))\n      (reference: \(pair.target))")
    }
}

/// The translation experiment on `ToyTranslation` pairs.
struct TranslationExperiment {
    let model: Seq2SeqTransformer
    let source: WordIndex, target: WordIndex
    let test: [SentencePair]

    static func run(steps: Int = 600, seed: UInt64 = 6, report: Int = 0) -> TranslationExperiment {
        let train = ToyTranslation.pairs(count: 3000, seed: seed)
        let seen = Set(train.map(\.source))
        let test = Array(ToyTranslation.pairs(count: 400, seed: seed + 1).filter { !seen.contains($0.source) }.prefix(200))
        let words = { (s: String) in s.split(separator: " ").map(String.init) }
        let source = WordIndex(train.map { words($0.source) })
        let target = WordIndex(train.map { words($0.target) }, reserved: ["<pad>", "<bos>", "<eos>"])  // SpecialIds
        let examples = train.map { (source: source.encode(words($0.source)), target: target.encode(words($0.target))) }
        Random.seed(seed)
        let model = Seq2SeqTransformer(
            sourceVocabulary: source.words.count, targetVocabulary: target.words.count,
            dModel: 64, heads: 4, layers: 2, feedForward: 128, dropout: 0.1)
        _ = trainModel(model, steps: steps, lr: 2e-3, seed: seed, report: report) { generator in
            model.loss(sample(examples, 32, using: &generator))
        }
        return TranslationExperiment(model: model, source: source, target: target, test: test)
    }

    func translate(_ sentence: String) -> String {
        translate([sentence])[0]
    }

    func translate(_ sentences: [String]) -> [String] {
        model.greedy(sentences.map { source.encode($0.split(separator: " ").map(String.init)) }, maxLength: 30)
            .map { $0.map { target.words[$0] }.joined(separator: " ") }
    }

    func bleu() -> BLEUScore {
        BLEU.corpusScore(hypotheses: translate(test.map(\.source)), references: [test.map(\.target)])
    }
}
