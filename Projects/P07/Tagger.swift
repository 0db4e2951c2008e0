import DeepLearning
import FileIO
import Foundation

/// The tagger's sizes, saved with the model.
struct TaggerConfig: Codable, Equatable {
    var vocabulary: Int
    var tags = MSRA.labels.count
    var embedding = 128
    var hidden = 128
    var dropout = 0.5
}

/// The baseline of Huang, Xu & Yu (2015) and Lample et al. (2016) on characters: each
/// character's embedding goes through a bidirectional LSTM, a linear layer turns each
/// state into one score per tag (the emissions), and a CRF on top scores whole tag paths,
/// so the tagger learns which tag follows which (I-PER after B-PER, never after O).
final class BiLSTMCRF: Module {
    let config: TaggerConfig
    let embedding: Embedding
    let lstm: LSTM
    let projection: Linear
    let crf: CRF

    init(_ config: TaggerConfig) {
        self.config = config
        embedding = Embedding(config.vocabulary, config.embedding, paddingIndex: CharacterVocabulary.padId)
        lstm = LSTM(config.embedding, config.hidden, batchFirst: true, bidirectional: true)
        projection = Linear(2 * config.hidden, config.tags)
        crf = CRF(tags: config.tags)
        super.init()
    }

    override var namedChildren: [(name: String, module: Module)] {
        [("embedding", embedding), ("lstm", lstm), ("projection", projection), ("crf", crf)]
    }

    /// `[batch, time, tags]` emission scores of a padded batch of character ids.
    func emissions(_ batch: PaddedBatch) -> Tensor {
        let x = dropout(embedding(batch.ids), p: config.dropout, training: isTraining)
        let states = lstm(x, lengths: batch.lengths).output
        return projection(dropout(states, p: config.dropout, training: isTraining))
    }

    /// Mean −log p(gold tags) per sentence.
    func loss(_ batch: PaddedBatch, tags: [[Int]]) -> Tensor {
        crf.negativeLogLikelihood(emissions(batch), tags: tags, lengths: batch.lengths).mean()
    }

    /// The best tag path of each sentence that obeys `constraints`.
    func decode(_ batch: PaddedBatch, constraints: TransitionConstraints?) -> [[Int]] {
        crf.decode(emissions(batch), lengths: batch.lengths, constraints: constraints)
    }
}

/// Characters to ids: `<pad>` 0, `<unk>` 1, then the training characters seen at least
/// twice, most frequent first.
struct CharacterVocabulary: Codable, Equatable {
    static let padId = 0, unkId = 1
    let characters: [String]
    private var ids: [String: Int] { Dictionary(uniqueKeysWithValues: characters.enumerated().map { ($1, $0 + 2) }) }

    init(characters: [String]) { self.characters = characters }

    init(training sentences: [TaggedSentence], minCount: Int = 2) {
        let vocabulary = Vocabulary(counts: Vocabulary.count(sentences.map(\.tokens)), minFrequency: minCount, specials: SpecialTokens(pad: "<pad>", unk: "<unk>"))
        characters = Array(vocabulary.tokens.dropFirst(2))
    }

    var count: Int { characters.count + 2 }

    func encode(_ sentences: [[String]]) -> [[Int]] {
        let table = ids
        return sentences.map { $0.map { table[$0] ?? Self.unkId } }
    }
}

/// A trained tagger with what it needs to read text: its vocabulary and labels.
struct TrainedTagger {
    let model: BiLSTMCRF
    let vocabulary: CharacterVocabulary
    let constraints: TransitionConstraints

    static func modelURL(in folder: URL) -> URL { folder.appendingPathComponent("model.safetensors") }
    static func vocabularyURL(in folder: URL) -> URL { folder.appendingPathComponent("vocabulary.json") }

    init(model: BiLSTMCRF, vocabulary: CharacterVocabulary) throws {
        (self.model, self.vocabulary) = (model, vocabulary)
        constraints = try bioConstraints(labels: MSRA.labels)
    }

    /// Loads `model.safetensors` and `vocabulary.json` from `folder`.
    static func load(from folder: URL) throws -> TrainedTagger {
        let modelURL = modelURL(in: folder), vocabularyURL = vocabularyURL(in: folder)
        for url in [modelURL, vocabularyURL] where !FileManager.default.fileExists(atPath: url.path) { throw P07Error.missingModel(url.path) }
        let saved = try JSONDecoder().decode(SavedVocabulary.self, from: Data(contentsOf: vocabularyURL))
        let model = BiLSTMCRF(saved.config)
        try model.load(from: modelURL)
        model.eval()
        return try TrainedTagger(model: model, vocabulary: saved.vocabulary)
    }

    func save(to folder: URL) throws {
        try model.save(to: Self.modelURL(in: folder))
        try AtomicFile.write(try prettyJSON(SavedVocabulary(config: model.config, vocabulary: vocabulary)), to: Self.vocabularyURL(in: folder))
    }

    /// BIO tags for each sentence (a list of characters), `batchSize` sentences at a time.
    func tag(_ sentences: [[String]], batchSize: Int = 64) -> [[String]] {
        var result = [[String]](repeating: [], count: sentences.count)
        let ids = vocabulary.encode(sentences)
        noGrad {
            for batch in lengthBuckets(lengths: sentences.map(\.count), batchSize: batchSize) {
                let nonEmpty = batch.filter { !sentences[$0].isEmpty }
                guard !nonEmpty.isEmpty else { continue }
                let paths = model.decode(padBatch(nonEmpty.map { ids[$0] }, padId: CharacterVocabulary.padId), constraints: constraints)
                for (i, path) in zip(nonEmpty, paths) { result[i] = path.map { MSRA.labels[$0] } }
            }
        }
        return result
    }
}

/// The file that goes with the weights.
struct SavedVocabulary: Codable {
    var config: TaggerConfig
    var vocabulary: CharacterVocabulary
}
