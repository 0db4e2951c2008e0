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
    /// Bigram features: how many bigrams, and the size of their embedding (`nil`: characters only).
    var bigrams: BigramFeatures?
}

struct BigramFeatures: Codable, Equatable {
    var vocabulary: Int
    var embedding: Int
}

/// The baseline of Huang, Xu & Yu (2015) and Lample et al. (2016) on characters: each
/// character's embedding goes through a bidirectional LSTM, a linear layer turns each
/// state into one score per tag (the emissions), and a CRF on top scores whole tag paths,
/// so the tagger learns which tag follows which (I-PER after B-PER, never after O).
///
/// With bigram features (Zhang & Yang 2018), each character's input is also the embedding
/// of the bigram it starts ("北京" for 北 in 北京市): Chinese has no spaces, and a bigram
/// often says more than a character about where a word, and so a name, begins and ends.
final class BiLSTMCRF: Module {
    let config: TaggerConfig
    let embedding: Embedding
    let bigramEmbedding: Embedding?
    let lstm: LSTM
    let projection: Linear
    let crf: CRF

    init(_ config: TaggerConfig) {
        self.config = config
        embedding = Embedding(config.vocabulary, config.embedding, paddingIndex: CharacterVocabulary.padId)
        bigramEmbedding = config.bigrams.map { Embedding($0.vocabulary, $0.embedding, paddingIndex: CharacterVocabulary.padId) }
        lstm = LSTM(config.embedding + (config.bigrams?.embedding ?? 0), config.hidden, batchFirst: true, bidirectional: true)
        projection = Linear(2 * config.hidden, config.tags)
        crf = CRF(tags: config.tags)
        super.init()
    }

    override var namedChildren: [(name: String, module: Module)] {
        [("embedding", embedding)] + (bigramEmbedding.map { [("bigram_embedding", $0)] } ?? [])
            + [("lstm", lstm), ("projection", projection), ("crf", crf)]
    }

    /// `[batch, time, tags]` emission scores of a padded batch.
    func emissions(_ batch: TaggerBatch) -> Tensor {
        var x = embedding(batch.characters.ids)
        if let bigramEmbedding, let bigrams = batch.bigrams { x = concat([x, bigramEmbedding(bigrams)], axis: 2) }
        let states = lstm(dropout(x, p: config.dropout, training: isTraining), lengths: batch.lengths).output
        return projection(dropout(states, p: config.dropout, training: isTraining))
    }

    /// Mean −log p(gold tags) per sentence.
    func loss(_ batch: TaggerBatch, tags: [[Int]]) -> Tensor {
        crf.negativeLogLikelihood(emissions(batch), tags: tags, lengths: batch.lengths).mean()
    }

    /// The best tag path of each sentence that obeys `constraints`.
    func decode(_ batch: TaggerBatch, constraints: TransitionConstraints?) -> [[Int]] {
        crf.decode(emissions(batch), lengths: batch.lengths, constraints: constraints)
    }
}

/// One sentence as ids: its characters and, for a tagger with bigram features, the
/// bigram that starts at each character.
struct EncodedSentence {
    var characters: [Int]
    var bigrams: [Int]?
}

/// Sentences padded to one length: character ids `[batch, time]`, bigram ids alike.
struct TaggerBatch {
    let characters: PaddedBatch
    let bigrams: Tensor?
    var lengths: [Int] { characters.lengths }

    init(_ sentences: [EncodedSentence]) {
        characters = padBatch(sentences.map(\.characters), padId: CharacterVocabulary.padId)
        let bigrams = sentences.compactMap(\.bigrams)
        self.bigrams = bigrams.count == sentences.count && !bigrams.isEmpty ? padBatch(bigrams, padId: CharacterVocabulary.padId).ids : nil
    }
}

/// Characters to ids: `<pad>` 0, `<unk>` 1, then the training characters seen at least
/// twice, most frequent first; bigrams alike when the tagger uses them (the bigram of a
/// sentence's last character ends in `</s>`). Saved as `{"characters": [...], "bigrams": [...]}`
/// (the specials are implied; no "bigrams" key: characters only).
struct CharacterVocabulary: Codable, Equatable {
    static let padId = 0, unkId = 1
    static let specials = SpecialTokens(pad: "<pad>", unk: "<unk>")
    static let end = "</s>"
    let table: Vocabulary
    let bigramTable: Vocabulary?

    init(characters: [String], bigrams: [String]? = nil) {
        table = Vocabulary(tokens: characters, specials: Self.specials)
        bigramTable = bigrams.map { Vocabulary(tokens: $0, specials: Self.specials) }
    }

    /// Bigrams are kept from `bigramMinCount` sightings: on MSRA's training split that is
    /// 57,889 of its 293,953 distinct bigrams, covering 82 % of the text (from 2 sightings,
    /// 140,448 and 92 %, but each is a row of the embedding that Adam updates every step).
    init(training sentences: [TaggedSentence], minCount: Int = 2, bigrams: Bool = false, bigramMinCount: Int = 5) {
        table = Vocabulary(counts: Vocabulary.count(sentences.map(\.tokens)), minFrequency: minCount, specials: Self.specials)
        bigramTable =
            bigrams
            ? Vocabulary(
                counts: Vocabulary.count(sentences.map { Self.bigrams(of: $0.tokens) }),
                minFrequency: bigramMinCount, specials: Self.specials) : nil
    }

    /// The bigram that starts at each character: "北京市" → 北京, 京市, 市</s>.
    static func bigrams(of characters: [String]) -> [String] {
        characters.indices.map { characters[$0] + (characters.indices.contains($0 + 1) ? characters[$0 + 1] : end) }
    }

    var characters: [String] { Array(table.tokens.dropFirst(2)) }
    var count: Int { table.count }
    /// The bigram features these tables feed, with embeddings of `size`.
    func bigramFeatures(size: Int) -> BigramFeatures? { bigramTable.map { BigramFeatures(vocabulary: $0.count, embedding: size) } }

    /// Ids of each sentence's characters (and bigrams); unseen ones become `<unk>`.
    func encode(_ sentences: [[String]]) -> [EncodedSentence] {
        sentences.map { EncodedSentence(characters: table.encode($0), bigrams: bigramTable?.encode(Self.bigrams(of: $0))) }
    }

    private enum CodingKeys: String, CodingKey { case characters, bigrams }
    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            characters: try container.decode([String].self, forKey: .characters),
            bigrams: try container.decodeIfPresent([String].self, forKey: .bigrams))
    }
    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(characters, forKey: .characters)
        try container.encodeIfPresent(bigramTable.map { Array($0.tokens.dropFirst(2)) }, forKey: .bigrams)
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
        guard saved.vocabulary.count == saved.config.vocabulary,
            saved.vocabulary.bigramTable?.count == saved.config.bigrams?.vocabulary
        else {
            throw P07Error.badInput(
                "\(vocabularyURL.path) does not match its model's sizes (\(saved.vocabulary.count) characters, "
                    + "\(saved.vocabulary.bigramTable?.count ?? 0) bigrams; the model expects \(saved.config.vocabulary), \(saved.config.bigrams?.vocabulary ?? 0))"
            )
        }
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
    func tag(_ sentences: [[String]], batchSize: Int) -> [[String]] {
        var result = [[String]](repeating: [], count: sentences.count)
        let ids = vocabulary.encode(sentences)
        noGrad {
            for batch in lengthBuckets(lengths: sentences.map(\.count), batchSize: batchSize) {
                let nonEmpty = batch.filter { !sentences[$0].isEmpty }
                guard !nonEmpty.isEmpty else { continue }
                let paths = model.decode(TaggerBatch(nonEmpty.map { ids[$0] }), constraints: constraints)
                for (i, path) in zip(nonEmpty, paths) { result[i] = path.map { MSRA.labels[$0] } }
            }
        }
        return result
    }
}

/// A text and the entities found in it, as `extract` prints them and `serve` answers;
/// with a relation model, also the relations between them.
struct Extraction: Codable, Sendable {
    var text: String
    var entities: [ExtractedEntity]
    var relations: [ExtractedRelation]? = nil
}

/// The file that goes with the weights.
struct SavedVocabulary: Codable {
    var config: TaggerConfig
    var vocabulary: CharacterVocabulary
}
