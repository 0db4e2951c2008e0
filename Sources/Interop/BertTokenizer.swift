import Foundation
import Tensors
import Text

/// Hugging Face's `BertTokenizer`: the basic tokenizer (clean-up, CJK spacing,
/// lowercasing with accent stripping, punctuation splitting), WordPiece with `##`
/// continuations (`[UNK]` for words of more than 100 characters), then
/// `[CLS] A [SEP]` or `[CLS] A [SEP] B [SEP]` with token types 0/1, truncated longest-first.
///
/// ```swift
/// let tokenizer = try BertTokenizer.load(from: folder)      // tokenizer.json or vocab.txt
/// tokenizer.encode("Hello, world!").ids                     // [101, 7592, 1010, 2088, 999, 102]
/// ```
public struct BertTokenizer {
    public let wordPiece: WordPiece
    public let tokenIds: [String: Int]
    public let clsId: Int, sepId: Int, padId: Int
    /// The longest encoding, special tokens included.
    public var maxLength: Int

    /// One encoded text (or pair).
    public struct Encoding: Equatable {
        public var ids: [Int], tokenTypeIds: [Int]
        public var attentionMask: [Int] { ids.map { _ in 1 } }
    }

    public init(vocabulary: [String], lowercase: Bool = true, maxLength: Int = 512, maxCharactersPerWord: Int = 100) throws {
        var ids: [String: Int] = [:]
        for (i, token) in vocabulary.enumerated() where ids[token] == nil { ids[token] = i }
        func id(_ token: String) throws -> Int {
            guard let i = ids[token] else { throw ModelFolderError.invalid(path: "vocabulary", reason: "no \(token) token") }
            return i
        }
        (clsId, sepId, padId) = (try id("[CLS]"), try id("[SEP]"), try id("[PAD]"))
        _ = try id("[UNK]")
        tokenIds = ids
        wordPiece = WordPiece(vocabulary: vocabulary, maxCharactersPerWord: maxCharactersPerWord, preTokenizer: .bert(lowercase: lowercase))
        self.maxLength = maxLength
    }

    /// Reads `tokenizer.json` if the folder has one, else `vocab.txt` (with `do_lower_case`
    /// from `tokenizer_config.json`, default true). A file that is there but malformed throws.
    public static func load(from folder: URL, maxLength: Int = 512) throws -> BertTokenizer {
        if let file = try decodeModelFile(
            TokenizerFile.self, at: folder.appendingPathComponent("tokenizer.json"),
            description: "WordPiece tokenizer.json")
        {
            let vocab = file.model.vocab
            var tokens = [String](repeating: "", count: (vocab.values.max() ?? -1) + 1)
            for (token, id) in vocab where id >= 0 { tokens[id] = token }
            return try BertTokenizer(
                vocabulary: tokens, lowercase: file.normalizer?.lowercase ?? true, maxLength: maxLength,
                maxCharactersPerWord: file.model.maxInputCharsPerWord ?? 100)
        }
        let vocab = folder.appendingPathComponent("vocab.txt")
        guard FileManager.default.fileExists(atPath: vocab.path) else { throw ModelFolderError.missing(path: vocab.path) }
        let config = try decodeModelFile(
            TokenizerConfig.self, at: folder.appendingPathComponent("tokenizer_config.json"),
            description: "tokenizer_config.json")
        return try BertTokenizer(vocabulary: WordPiece.load(from: vocab).vocabulary, lowercase: config?.doLowerCase ?? true, maxLength: maxLength)
    }

    /// Word pieces, without special tokens.
    public func tokenize(_ text: String) -> [String] { wordPiece.tokenize(text) }

    public func encode(_ text: String, pair: String? = nil) -> Encoding {
        var a = tokenize(text).map { tokenIds[$0] ?? tokenIds[wordPiece.unknownToken]! }
        var b = pair.map { tokenize($0).map { tokenIds[$0] ?? tokenIds[wordPiece.unknownToken]! } }
        // Longest-first truncation: drop the last piece of the longer sequence (the second on a tie) until it fits.
        let budget = maxLength - (b == nil ? 2 : 3)
        while a.count + (b?.count ?? 0) > max(budget, 0) {
            if let pair = b, !pair.isEmpty, pair.count >= a.count { b!.removeLast() } else { a.removeLast() }
        }
        var ids = [clsId] + a + [sepId]
        var types = [Int](repeating: 0, count: ids.count)
        if let b {
            ids += b + [sepId]
            types += [Int](repeating: 1, count: b.count + 1)
        }
        return Encoding(ids: ids, tokenTypeIds: types)
    }

    /// Encodes `texts` and pads them on the right to the longest: int64 tensors
    /// `ids`, `tokenTypeIds` and `attentionMask`, each [texts, tokens].
    public func batch(_ texts: [String]) -> (ids: Tensor, tokenTypeIds: Tensor, attentionMask: Tensor) {
        let encodings = texts.map { encode($0) }
        let length = encodings.map(\.ids.count).max() ?? 0
        func padded(_ rows: [[Int]], _ fill: Int) -> Tensor {
            Tensor(ints: rows.flatMap { $0 + [Int](repeating: fill, count: length - $0.count) }, shape: [rows.count, length])
        }
        return (padded(encodings.map(\.ids), padId), padded(encodings.map(\.tokenTypeIds), 0), padded(encodings.map(\.attentionMask), 0))
    }
}

/// Sentence embeddings as sentence-transformers computes them for models such as
/// all-MiniLM-L6-v2: BERT, the mean of the token vectors over real (unpadded) tokens,
/// then L2 normalisation, so a dot product is the cosine similarity.
///
/// ```swift
/// let encoder = try SentenceEncoder.load(from: folder)
/// let e = encoder.embed(["A cat sits on the mat.", "A kitten rests on a rug."])   // [2, 384]
/// let similarity = (e[0] * e[1]).sum().item
/// ```
public struct SentenceEncoder {
    public let tokenizer: BertTokenizer
    public let model: BertModel

    public init(tokenizer: BertTokenizer, model: BertModel) { (self.tokenizer, self.model) = (tokenizer, model) }

    /// Reads a sentence-transformers folder: the BERT files, and `max_seq_length`
    /// from `sentence_bert_config.json` (256 when absent).
    public static func load(from folder: URL) throws -> SentenceEncoder {
        let config = try decodeModelFile(
            SentenceConfig.self, at: folder.appendingPathComponent("sentence_bert_config.json"),
            description: "sentence_bert_config.json")
        let maxLength = config?.maxSeqLength ?? 256
        return SentenceEncoder(tokenizer: try BertTokenizer.load(from: folder, maxLength: maxLength), model: try BertModel.load(from: folder))
    }

    /// Unit-length embeddings, [sentences, hidden].
    public func embed(_ sentences: [String]) -> Tensor {
        let batch = tokenizer.batch(sentences)
        return noGrad {
            let hidden = model(inputIds: batch.ids, tokenTypeIds: batch.tokenTypeIds, attentionMask: batch.attentionMask).lastHiddenState
            let mask = batch.attentionMask.to(.float32).unsqueeze(axis: 2)
            let mean = (hidden * mask).sum(axis: 1) / mask.sum(axis: 1).clamp(min: 1e-9)
            return mean / (mean * mean).sum(axis: 1, keepDims: true).sqrt().clamp(min: 1e-12)
        }
    }

    /// Semantic search: the `top` documents closest to `query` by cosine similarity, best first.
    public func search(_ query: String, in documents: [String], top: Int = 3) -> [(index: Int, score: Double)] {
        let e = embed([query] + documents)
        let scores = noGrad { e.slice(axis: 0, start: 1).matmul(e.slice(axis: 0, start: 0, end: 1).T) }.doubles
        return scores.enumerated().sorted { $0.element > $1.element }.prefix(top).map { ($0.offset, $0.element) }
    }
}

/// The parts of a Hugging Face `tokenizer.json` that a BERT tokenizer needs.
struct TokenizerFile: Decodable {
    struct Model: Decodable {
        var vocab: [String: Int]
        var maxInputCharsPerWord: Int?

        enum CodingKeys: String, CodingKey { case type, vocab, maxInputCharsPerWord = "max_input_chars_per_word" }

        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            // Checked first: a BPE or Unigram model would otherwise fail on its vocabulary's shape.
            let type = try c.decode(String.self, forKey: .type)
            guard type == "WordPiece" else {
                throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "the model is \(type), not WordPiece")
            }
            vocab = try c.decode([String: Int].self, forKey: .vocab)
            maxInputCharsPerWord = try c.decodeIfPresent(Int.self, forKey: .maxInputCharsPerWord)
        }
    }

    struct Normalizer: Decodable { var lowercase: Bool? }

    var model: Model
    var normalizer: Normalizer?
}

/// `tokenizer_config.json`, beside `vocab.txt`.
struct TokenizerConfig: Decodable {
    var doLowerCase: Bool?
    enum CodingKeys: String, CodingKey { case doLowerCase = "do_lower_case" }
}

/// `sentence_bert_config.json` of a sentence-transformers folder.
struct SentenceConfig: Decodable {
    var maxSeqLength: Int?
    enum CodingKeys: String, CodingKey { case maxSeqLength = "max_seq_length" }
}
