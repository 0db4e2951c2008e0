import DeepLearning
import FileIO
import Foundation

/// How text becomes ids: WordPiece with a BERT vocabulary (English, all-MiniLM-L6-v2's),
/// or one id per character (Chinese).
enum TextEncoding {
    case wordPiece(BertTokenizer)
    case characters(CharacterTable)

    var vocabulary: [String] {
        switch self {
        case .wordPiece(let t): return t.wordPiece.vocabulary
        case .characters(let t): return t.vocabulary
        }
    }

    var specialIds: (cls: Int, sep: Int) {
        switch self {
        case .wordPiece(let t): return (t.clsId, t.sepId)
        case .characters(let t): return (t.clsId, t.sepId)
        }
    }

    func ids(_ text: String) -> [Int] {
        switch self {
        case .wordPiece(let t):
            let unknown = t.tokenIds[t.wordPiece.unknownToken]!
            return t.tokenize(text).map { t.tokenIds[$0] ?? unknown }
        case .characters(let t): return t.ids(text)
        }
    }
}

/// Turns a relation example into token ids: the marked pieces of P07-E07, text pieces
/// through the text encoding, each marker one token of its own.
struct RelationTokenizer {
    let encoding: TextEncoding
    /// The id of each marker, `[E1:PER]` … `[/E2]`.
    let markerIds: [String: Int]
    let maxLength: Int

    /// The eight markers: typed starts for both entities, and the two ends.
    static let markers = ["E1", "E2"].flatMap { name in RelationSchema.entityTypes.map { "[\(name):\($0)]" } } + ["[/E1]", "[/E2]"]

    /// With WordPiece, the markers take BERT's reserved `[unused0]`… tokens, so a
    /// pre-trained model's vocabulary and embedding table stay as they are; a character
    /// table holds the markers itself.
    init(_ encoding: TextEncoding, maxLength: Int) throws {
        var ids: [String: Int] = [:]
        for (i, marker) in Self.markers.enumerated() {
            let token: String, id: Int?
            switch encoding {
            case .wordPiece(let t): (token, id) = ("[unused\(i)]", t.tokenIds["[unused\(i)]"])
            case .characters(let t): (token, id) = (marker, t.index[marker])
            }
            guard let id else { throw P07Error.badInput("the vocabulary has no \(token) token to hold \(marker)") }
            ids[marker] = id
        }
        (self.encoding, markerIds, self.maxLength) = (encoding, ids, maxLength)
    }

    /// `[CLS] pieces [SEP]` and the positions of the two start markers.
    func encode(_ example: RelationExample) throws -> (ids: [Int], subjectAt: Int, objectAt: Int) {
        let special = encoding.specialIds
        var ids = [special.cls], subjectAt = -1, objectAt = -1
        for piece in try markedPieces(text: example.text, subject: example.subject, object: example.object) {
            switch piece {
            case .text(let text): ids += encoding.ids(text)
            case .marker(let marker):
                if marker.hasPrefix("[E1:") { subjectAt = ids.count }
                if marker.hasPrefix("[E2:") { objectAt = ids.count }
                ids.append(markerIds[marker]!)
            }
        }
        ids.append(special.sep)
        guard ids.count <= maxLength, subjectAt >= 0, objectAt >= 0 else {
            throw P07Error.badInput("\(ids.count) tokens with markers, more than \(maxLength): \(example.text.prefix(60))")
        }
        return (ids, subjectAt, objectAt)
    }
}

/// A BERT encoder and a linear classifier on the two start markers' vectors, concatenated
/// (the "entity start" representation of Baldini Soares et al. 2019).
final class RelationClassifier: Module {
    let encoder: BertModel
    let dropout = Dropout(0.1)
    let head: Linear

    init(encoder: BertModel, labels: Int) {
        self.encoder = encoder
        head = Linear(2 * encoder.config.hiddenSize, labels)
    }

    /// Logits [examples, labels] for encoded examples (padded on the right).
    func logits(_ encoded: [(ids: [Int], subjectAt: Int, objectAt: Int)]) -> Tensor {
        let padded = padBatch(encoded.map(\.ids), padId: 0), length = padded.ids.shape[1], batch = encoded.count
        let hidden = encoder(inputIds: padded.ids, attentionMask: padded.mask).lastHiddenState  // [B, T, H]
        // Picking the two marker vectors is a product with one-hot rows: [B, 2, T] · [B, T, H].
        var pick = [Float](repeating: 0, count: batch * 2 * length)
        for (b, e) in encoded.enumerated() {
            pick[(b * 2) * length + e.subjectAt] = 1
            pick[(b * 2 + 1) * length + e.objectAt] = 1
        }
        let pair = Tensor(pick, shape: [batch, 2, length]).matmul(hidden).reshape([batch, 2 * encoder.config.hiddenSize])
        return head(dropout(pair))
    }
}

/// What is saved with a relation model: its labels, its encoder's shape, where the markers live.
struct RelationModelInfo: Codable, Equatable {
    var language: String
    var labels: [String]
    var bert: BertConfig
    /// "wordpiece" (lowercasing BERT tokenizer, markers in `[unused0]`…) or "characters" (`CharacterTable`).
    var encoding: String
    /// "minilm" (all-MiniLM-L6-v2), "pretrained" (the Chinese encoder of `P07 pretrain`) or "random".
    var initialization: String
}

/// A trained relation classifier in a folder: `relation.json`, `vocab.txt`, `model.safetensors`.
struct TrainedRelationModel {
    let info: RelationModelInfo
    let tokenizer: RelationTokenizer
    let model: RelationClassifier

    static func files(in folder: URL) -> (info: URL, vocabulary: URL, weights: URL) {
        (
            folder.appendingPathComponent("relation.json"), folder.appendingPathComponent("vocab.txt"),
            folder.appendingPathComponent("model.safetensors")
        )
    }

    func save(to folder: URL) throws {
        let f = Self.files(in: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try AtomicFile.write(tokenizer.encoding.vocabulary.joined(separator: "\n") + "\n", to: f.vocabulary)
        try AtomicFile.write(try prettyJSON(info), to: f.info)
        try model.save(to: f.weights)
    }

    static func load(from folder: URL) throws -> TrainedRelationModel {
        let f = files(in: folder)
        for url in [f.info, f.vocabulary, f.weights] where !FileManager.default.fileExists(atPath: url.path) {
            throw P07Error.missing(url.path, fix: "swift run P07 relations train")
        }
        let info = try JSONDecoder().decode(RelationModelInfo.self, from: Data(contentsOf: f.info))
        let vocabulary = try WordPiece.load(from: f.vocabulary).vocabulary
        guard vocabulary.count == info.bert.vocabSize else {
            throw P07Error.badInput("\(f.vocabulary.path) has \(vocabulary.count) tokens, the model \(info.bert.vocabSize)")
        }
        let encoding: TextEncoding =
            info.encoding == "wordpiece"
            ? .wordPiece(try BertTokenizer(vocabulary: vocabulary))
            : .characters(try CharacterTable(vocabulary: vocabulary))
        let tokenizer = try RelationTokenizer(encoding, maxLength: info.bert.maxPositionEmbeddings)
        let model = RelationClassifier(encoder: BertModel(info.bert), labels: info.labels.count)
        try model.load(from: f.weights)
        model.eval()
        return TrainedRelationModel(info: info, tokenizer: tokenizer, model: model)
    }

    /// The predicted label index of each example, `batchSize` at a time.
    func predict(_ examples: [RelationExample], batchSize: Int = 64) throws -> [Int] {
        let encoded = try examples.map { try tokenizer.encode($0) }
        var predicted: [Int] = []
        noGrad {
            for start in stride(from: 0, to: encoded.count, by: batchSize) {
                predicted += model.logits(Array(encoded[start..<min(start + batchSize, encoded.count)])).argmax(axis: 1).ints
            }
        }
        return predicted
    }

    /// Relation micro/macro F1 without `no_relation` (P07-E08) on labelled examples.
    func score(_ examples: [RelationExample]) throws -> RelationScores {
        let truth = try examples.map { try Self.labelIndex($0.relation) }
        return try relationScores(truth: truth, predicted: try predict(examples), relations: Array(1..<RelationSchema.labels.count))
    }

    static func labelIndex(_ relation: String) throws -> Int {
        guard let i = RelationSchema.labels.firstIndex(of: relation) else { throw P07Error.badInput("unknown relation \(relation)") }
        return i
    }
}

/// A relation found between two entities of an extraction: their indices in its `entities`.
struct ExtractedRelation: Codable, Equatable, Sendable {
    var subject: Int
    var relation: String
    var object: Int
    /// The classifier's probability for `relation` among the labels the pair's types allow.
    var probability: Double
}

extension TrainedRelationModel {
    /// The labels an ordered pair of entity types allows: `no_relation` and the relations with those types.
    static func allowedLabels(subject: String, object: String) -> [Int] {
        [0] + RelationSchema.relations.enumerated().filter { $0.element.subject == subject && $0.element.object == object }.map { $0.offset + 1 }
    }

    /// Sentence spans of a text in code points, cut after 。！？；!?; and newlines.
    static func sentenceSpans(_ scalars: [Unicode.Scalar]) -> [Range<Int>] {
        var spans: [Range<Int>] = [], start = 0
        for (i, s) in scalars.enumerated() where "。！？；!?;\n".unicodeScalars.contains(s) {
            spans.append(start..<(i + 1))
            start = i + 1
        }
        if start < scalars.count { spans.append(start..<scalars.count) }
        return spans
    }

    /// Classifies every ordered pair of entities in the same sentence whose types fit a
    /// relation, choosing among `no_relation` and those relations; returns the pairs that
    /// are not `no_relation`. A sentence too long for the encoder is skipped.
    func relations(in extraction: Extraction) throws -> [ExtractedRelation] {
        let scalars = Array(extraction.text.unicodeScalars)
        var candidates: [(subject: Int, object: Int, allowed: [Int], encoded: (ids: [Int], subjectAt: Int, objectAt: Int))] = []
        for span in Self.sentenceSpans(scalars) {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[span])
            let sentence = String(view)
            let inside = extraction.entities.indices.filter { span.contains(extraction.entities[$0].start) && extraction.entities[$0].end <= span.upperBound }
            for i in inside {
                for j in inside where i != j {
                    let (a, b) = (extraction.entities[i], extraction.entities[j])
                    let allowed = Self.allowedLabels(subject: a.type, object: b.type)
                    guard allowed.count > 1 else { continue }
                    let example = RelationExample(
                        text: sentence, subject: EntityMention(type: a.type, start: a.start - span.lowerBound, end: a.end - span.lowerBound),
                        object: EntityMention(type: b.type, start: b.start - span.lowerBound, end: b.end - span.lowerBound),
                        relation: RelationSchema.noRelation, template: -1)
                    guard let encoded = try? tokenizer.encode(example) else { continue }
                    candidates.append((i, j, allowed, encoded))
                }
            }
        }
        guard !candidates.isEmpty else { return [] }
        let probabilities = noGrad { model.logits(candidates.map(\.encoded)) }
        let rows = probabilities.doubles, labels = info.labels.count
        return candidates.enumerated().compactMap { n, candidate in
            // Softmax over the allowed labels only.
            let logits = candidate.allowed.map { rows[n * labels + $0] }, top = logits.max()!
            let weights = logits.map { exp($0 - top) }, total = weights.reduce(0, +)
            let best = weights.indices.max { weights[$0] < weights[$1] }!
            guard candidate.allowed[best] != 0 else { return nil }
            return ExtractedRelation(
                subject: candidate.subject, relation: info.labels[candidate.allowed[best]], object: candidate.object,
                probability: weights[best] / total)
        }
    }
}

/// The entity tagger, and optionally a relation model run on the entities it finds.
struct Extractor {
    let tagger: any EntityTagger
    let relationModel: TrainedRelationModel?

    static func load(tagger: String, relations: String?) throws -> Extractor {
        Extractor(
            tagger: try loadEntityTagger(from: URL(fileURLWithPath: tagger)),
            relationModel: try relations.map { try TrainedRelationModel.load(from: URL(fileURLWithPath: $0)) })
    }

    func extract(_ texts: [String]) throws -> [Extraction] {
        var found = try tagger.extract(texts)
        if let relationModel {
            for i in found.indices { found[i].relations = try relationModel.relations(in: found[i]) }
        }
        return found
    }
}
