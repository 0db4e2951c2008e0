import Foundation
import Testing
import Interop
import NN
import Tensors

/// BERT pieces that need no downloaded weights: the `bert.` prefix, config errors, the
/// tokenizer's special tokens, pairs and truncation.
@Suite struct BertTests {
    static var tiny: BertConfig {
        var c = BertConfig()
        (c.vocabSize, c.hiddenSize, c.numHiddenLayers, c.numAttentionHeads, c.intermediateSize, c.maxPositionEmbeddings) = (30, 8, 2, 2, 16, 16)
        return c
    }

    /// A pre-training checkpoint (`bert.` prefix, an MLM head, `position_ids`) loads into
    /// `BertModel` and gives the same outputs as the model it came from; padding does not
    /// change the real tokens' vectors.
    @Test func loadsWithOrWithoutThePrefixAndMasksPadding() throws {
        Random.seed(1)
        let source = BertModel(Self.tiny)
        source.eval()
        var checkpoint = Dictionary(uniqueKeysWithValues: source.stateDict().map { ("bert." + $0.key, $0.value) })
        checkpoint["cls.predictions.bias"] = Tensor.zeros([30])
        checkpoint["bert.embeddings.position_ids"] = Tensor(ints: Array(0..<16), shape: [1, 16])
        let target = BertModel(Self.tiny)
        try target.loadHuggingFace(checkpoint)
        target.eval()
        let ids = Tensor(ints: [2, 5, 7, 3, 2, 9, 0, 0], shape: [2, 4])
        let mask = Tensor(ints: [1, 1, 1, 1, 1, 1, 0, 0], shape: [2, 4])
        let a = noGrad { source(inputIds: ids, attentionMask: mask) }, b = noGrad { target(inputIds: ids, attentionMask: mask) }
        #expect(a.lastHiddenState.scalars == b.lastHiddenState.scalars && a.poolerOutput.scalars == b.poolerOutput.scalars)
        let alone = noGrad { target(inputIds: Tensor(ints: [2, 9], shape: [1, 2])) }.lastHiddenState
        let padded = b.lastHiddenState[1].slice(axis: 0, start: 0, end: 2)
        #expect(zip(alone.scalars, padded.scalars).allSatisfy { abs($0 - $1) < 1e-5 })
    }

    @Test func configErrorsAreTyped() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bert-config-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("config.json")
        try Data(#"{"hidden_size": 10, "num_attention_heads": 3}"#.utf8).write(to: url)
        #expect(throws: ModelFolderError.self) { try BertConfig.load(from: url) }
        try Data(#"{"hidden_act": "relu"}"#.utf8).write(to: url)
        #expect(throws: ModelFolderError.self) { try BertConfig.load(from: url) }
        try Data(#"{"hidden_size": 64, "num_attention_heads": 4, "layer_norm_eps": 1e-12}"#.utf8).write(to: url)
        #expect(try BertConfig.load(from: url).layerNormEps == 1e-12)
        #expect(throws: ModelFolderError.missing(path: folder.appendingPathComponent("vocab.txt").path)) { try BertTokenizer.load(from: folder) }
    }

    /// The folder's JSON files are read with their types: a well-formed one sets what it
    /// says, and one that is there but malformed stops loading and says where.
    @Test func tokenizerFilesAreDecodedAndMalformedOnesNamed() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bert-tokenizer-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func write(_ name: String, _ text: String) throws { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) }
        func reason(_ load: () throws -> Any) -> String {
            do { _ = try load(); return "loaded" } catch let ModelFolderError.invalid(_, reason) { return reason } catch { return "\(error)" }
        }
        let vocab = #"{"[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, "Hi": 4, "hi": 5}"#
        try write(
            "tokenizer.json",
            #"{"normalizer": {"type": "BertNormalizer", "lowercase": false}, "model": {"type": "WordPiece", "vocab": \#(vocab), "max_input_chars_per_word": 3}}"#
        )
        let cased = try BertTokenizer.load(from: folder)
        #expect(cased.encode("Hi hi").ids == [2, 4, 5, 3])
        #expect(cased.encode("hiii").ids == [2, 1, 3], "max_input_chars_per_word 3 makes a 4-letter word [UNK]")
        try write("tokenizer.json", #"{"normalizer": null, "model": {"type": "WordPiece", "vocab": \#(vocab)}}"#)
        #expect(try BertTokenizer.load(from: folder).encode("Hi").ids == [2, 5, 3], "no normalizer: lowercase, as BERT")

        try write("tokenizer.json", #"{"model": {"type": "BPE", "vocab": {}, "merges": []}}"#)
        #expect(reason { try BertTokenizer.load(from: folder) } == "not a WordPiece tokenizer.json: model.type: the model is BPE, not WordPiece")
        try write("tokenizer.json", #"{"model": {"type": "WordPiece", "vocab": ["a", "b"]}}"#)
        #expect(reason { try BertTokenizer.load(from: folder) }.hasPrefix("not a WordPiece tokenizer.json: model.vocab: expected"))
        try write("tokenizer.json", "{")
        #expect(reason { try BertTokenizer.load(from: folder) } == "not a WordPiece tokenizer.json: not valid JSON")

        try FileManager.default.removeItem(at: folder.appendingPathComponent("tokenizer.json"))
        try write("vocab.txt", "[PAD]\n[UNK]\n[CLS]\n[SEP]\nHi\nhi\n")
        try write("tokenizer_config.json", #"{"do_lower_case": false}"#)
        #expect(try BertTokenizer.load(from: folder).encode("Hi").ids == [2, 4, 3])
        try write("tokenizer_config.json", #"{"do_lower_case": "no"}"#)
        #expect(reason { try BertTokenizer.load(from: folder) } == "not a tokenizer_config.json: do_lower_case: expected Bool")
        try write("sentence_bert_config.json", #"{"max_seq_length": "long"}"#)
        #expect(reason { try SentenceEncoder.load(from: folder) } == "not a sentence_bert_config.json: max_seq_length: expected Int")
    }

    /// `[CLS] A [SEP] B [SEP]` with token types, longest-first truncation, `[UNK]` for
    /// unknown and over-long words, CJK characters split, accents stripped.
    @Test func tokenizerEncodesPairsAndTruncates() throws {
        let vocabulary = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "the", "cafe", "is", "open", "東", "京", "##s", "cat", "!"]
        var tokenizer = try BertTokenizer(vocabulary: vocabulary)
        let e = tokenizer.encode("The Café is open!", pair: "東京 cats")
        #expect(e.ids == [2, 4, 5, 6, 7, 12, 3, 8, 9, 11, 10, 3])
        #expect(e.tokenTypeIds == [0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1])
        #expect(tokenizer.encode("dog " + String(repeating: "a", count: 101)).ids == [2, 1, 1, 3])
        tokenizer.maxLength = 7
        let cut = tokenizer.encode("The Café is open!", pair: "東京 cats")
        #expect(cut.ids == [2, 4, 5, 3, 8, 9, 3])  // the longer side loses pieces first
        let batch = tokenizer.batch(["the cat", "open"])
        #expect(batch.ids.shape == [2, 4] && batch.attentionMask.doubles == [1, 1, 1, 1, 1, 1, 1, 0])
        #expect(throws: ModelFolderError.self) { try BertTokenizer(vocabulary: ["[UNK]", "a"]) }
    }
}
