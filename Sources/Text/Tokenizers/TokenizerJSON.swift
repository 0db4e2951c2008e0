import Foundation

/// `MetaspaceBPE` as a Hugging Face `tokenizer.json`: `tokenizers.Tokenizer.from_file` loads it
/// and encodes every text to the same ids.
extension MetaspaceBPE {
    struct AddedToken: Codable {
        var id: Int
        var content: String
        var single_word = false, lstrip = false, rstrip = false, normalized = false, special = true
    }

    struct Metaspace: Codable {
        var type = "Metaspace"
        var replacement = String(MetaspaceBPE.replacement)
        var prepend_scheme = "always"
        var split = true
    }

    struct Model: Codable {
        var type = "BPE"
        var unk_token: String
        var vocab: [String: Int]
        var merges: [[String]]

        enum CodingKeys: String, CodingKey {
            case type, dropout, unk_token, continuing_subword_prefix, end_of_word_suffix, fuse_unk, byte_fallback, ignore_merges, vocab, merges
        }

        init(unk_token: String, vocab: [String: Int], merges: [[String]]) {
            (self.unk_token, self.vocab, self.merges) = (unk_token, vocab, merges)
        }

        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            type = try c.decode(String.self, forKey: .type)
            unk_token = try c.decode(String.self, forKey: .unk_token)
            vocab = try c.decode([String: Int].self, forKey: .vocab)
            // Older files write each merge as "left right".
            if let pairs = try? c.decode([[String]].self, forKey: .merges) {
                merges = pairs
            } else {
                merges = try c.decode([String].self, forKey: .merges).map { $0.split(separator: " ", maxSplits: 1).map(String.init) }
            }
        }

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(type, forKey: .type)
            for key in [CodingKeys.dropout, .continuing_subword_prefix, .end_of_word_suffix] { try c.encodeNil(forKey: key) }
            try c.encode(unk_token, forKey: .unk_token)
            for key in [CodingKeys.fuse_unk, .byte_fallback, .ignore_merges] { try c.encode(false, forKey: key) }
            try c.encode(vocab, forKey: .vocab)
            try c.encode(merges, forKey: .merges)
        }
    }

    struct File: Codable {
        var version = "1.0"
        var added_tokens: [AddedToken]
        var pre_tokenizer: Metaspace
        var decoder: Metaspace
        var model: Model

        enum CodingKeys: String, CodingKey { case version, truncation, padding, added_tokens, normalizer, pre_tokenizer, post_processor, decoder, model }

        init(added_tokens: [AddedToken], model: Model) {
            (self.added_tokens, self.model) = (added_tokens, model)
            (pre_tokenizer, decoder) = (Metaspace(), Metaspace())
        }

        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            version = try c.decode(String.self, forKey: .version)
            added_tokens = try c.decode([AddedToken].self, forKey: .added_tokens)
            pre_tokenizer = try c.decode(Metaspace.self, forKey: .pre_tokenizer)
            self.decoder = try c.decode(Metaspace.self, forKey: .decoder)
            model = try c.decode(Model.self, forKey: .model)
        }

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(version, forKey: .version)
            for key in [CodingKeys.truncation, .padding, .normalizer, .post_processor] { try c.encodeNil(forKey: key) }
            try c.encode(added_tokens, forKey: .added_tokens)
            try c.encode(pre_tokenizer, forKey: .pre_tokenizer)
            try c.encode(decoder, forKey: .decoder)
            try c.encode(model, forKey: .model)
        }
    }

    /// Writes the tokenizer as `tokenizer.json`, atomically.
    public func saveTokenizerJSON(to url: URL) throws {
        let added = specials.map { AddedToken(id: id($0)!, content: $0) }
        let vocab = Dictionary(tokens.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let model = Model(unk_token: unknown, vocab: vocab, merges: merges.map { [tokens[$0.left], tokens[$0.right]] })
        try TextFiles.encodeJSON(File(added_tokens: added, model: model), to: url)
    }

    /// Reads a `tokenizer.json` with a Metaspace pre-tokenizer and a BPE model (as written by
    /// `saveTokenizerJSON` or by `tokenizers` for the same configuration); throws `TextFileError` otherwise.
    public static func loadTokenizerJSON(from url: URL) throws -> MetaspaceBPE {
        let file = try TextFiles.decodeJSON(File.self, from: url)
        func invalid(_ reason: String) -> TextFileError { .invalidContent(path: url.path, reason: reason) }
        guard file.model.type == "BPE", file.pre_tokenizer.type == "Metaspace", file.pre_tokenizer.replacement == String(replacement),
            file.pre_tokenizer.prepend_scheme == "always"
        else {
            throw invalid("expected a BPE model with an always-prepending Metaspace \"▁\" pre-tokenizer")
        }
        var tokens = [String?](repeating: nil, count: file.model.vocab.count)
        for (token, id) in file.model.vocab {
            guard id >= 0 && id < tokens.count && tokens[id] == nil else {
                throw invalid("vocabulary ids must be 0..<\(tokens.count), each once; \(token) has \(id)")
            }
            tokens[id] = token
        }
        let vocab = tokens.map { $0! }
        var merges: [(left: Int, right: Int)] = []
        for (rank, pair) in file.model.merges.enumerated() {
            guard pair.count == 2, let a = file.model.vocab[pair[0]], let b = file.model.vocab[pair[1]],
                file.model.vocab[pair[0] + pair[1]] != nil
            else { throw invalid("merge \(rank) \(pair) is not two tokens whose join is a token") }
            merges.append((a, b))
        }
        let specials = file.added_tokens.sorted { $0.id < $1.id }.map(\.content)
        guard specials.contains(file.model.unk_token), specials.allSatisfy({ file.model.vocab[$0] != nil }) else {
            throw invalid("the special tokens \(specials) must be in the vocabulary and include unk_token \(file.model.unk_token)")
        }
        return MetaspaceBPE(tokens: vocab, merges: merges, specials: specials, unknown: file.model.unk_token)
    }
}
