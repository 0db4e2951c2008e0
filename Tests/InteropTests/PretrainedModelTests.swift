import Datasets
import Foundation
import Testing
import Interop
import NN
import Tensors
import Vision

/// Real pretrained weights (scripts/fetch-weights.sh) against the reference
/// frameworks' outputs on the same inputs (scripts/interop_fixtures.py).
@Suite(.serialized, .enabled(if: PretrainedWeights.shouldTest, "run scripts/fetch-weights.sh first"))
struct PretrainedModelTests {
    struct VisionReference: Decodable {
        struct Output: Decodable { let logits: [Double]; let top5: [Int] }
        struct Photo: Decodable {
            let input_sum: Double
            let MobileNetV2: Output, EfficientNetLite0: Output
        }
        let parameters: [String: Int]
        let photos: [String: Photo]
    }

    static let photoNames = ["chelsea", "coffee", "astronaut"]

    /// The three photos as one batch [3, 3, 224, 224], and their references.
    static func photos() throws -> (Tensor, VisionReference) {
        let reference = try fixture("vision.json", as: VisionReference.self)
        let inputs = try photoNames.map { name in
            imageNetInput(try PNGImage.read(URL(fileURLWithPath: PretrainedWeights.url("photos/\(name).png").path)).converted(channels: 3).tensor())
        }
        for (name, x) in zip(photoNames, inputs) {
            let sum = x.doubles.reduce(0, +)
            #expect(abs(sum - reference.photos[name]!.input_sum) < 0.05, "input of \(name): sum \(sum)")
        }
        return (stack(inputs), reference)
    }

    /// Top-5 ImageNet classes identical and every logit within 1e-4 of PyTorch's.
    func check(_ model: Module, _ key: KeyPath<VisionReference.Photo, VisionReference.Output>, weights: String) throws {
        try model.loadPyTorch(from: PretrainedWeights.url(weights))
        model.eval()
        let (x, reference) = try Self.photos()
        let logits = noGrad { model(x) }
        for (i, name) in Self.photoNames.enumerated() {
            let expected = reference.photos[name]![keyPath: key]
            let row = logits[i].doubles
            let top5 = row.indices.sorted { row[$0] > row[$1] }.prefix(5)
            #expect(Array(top5) == expected.top5, "\(name)")
            let difference = maxAbsDifference(row, expected.logits)
            #expect(difference <= 1e-4, "\(name): max |logit difference| \(difference)")
        }
    }

    @Test func mobileNetV2MatchesTorchvision() throws {
        let model = MobileNetV2()
        #expect(model.parameterCount == 3_504_872)
        try check(model, \.MobileNetV2, weights: "mobilenet_v2-b0353104.pth")
    }

    @Test func efficientNetLite0MatchesPyTorch() throws {
        let model = EfficientNetLite()
        #expect(model.parameterCount == 4_652_008)
        try check(model, \.EfficientNetLite0, weights: "efficientnet-lite0-57934424.pth")
    }

    struct BertReference: Decodable {
        let sentences: [String]
        let ids: [[Int]]
        let embeddings: [[Double]]
        let pooled: [[Double]]
    }

    static var miniLM: URL { PretrainedWeights.url("all-MiniLM-L6-v2") }

    /// Token ids identical to Hugging Face's tokenizer, from tokenizer.json and from vocab.txt alone.
    @Test func bertTokenizerMatchesHuggingFace() throws {
        let reference = try fixture("bert.json", as: BertReference.self)
        let fromJSON = try BertTokenizer.load(from: Self.miniLM)
        let vocabOnly = FileManager.default.temporaryDirectory.appendingPathComponent("vocab-only-\(UUID())")
        try FileManager.default.createDirectory(at: vocabOnly, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: vocabOnly) }
        try FileManager.default.copyItem(at: Self.miniLM.appendingPathComponent("vocab.txt"), to: vocabOnly.appendingPathComponent("vocab.txt"))
        let fromVocab = try BertTokenizer.load(from: vocabOnly)
        for (sentence, ids) in zip(reference.sentences, reference.ids) {
            #expect(fromJSON.encode(sentence).ids == ids, "\(sentence)")
            #expect(fromVocab.encode(sentence).ids == ids, "\(sentence)")
        }
    }

    /// Sentence embeddings (mean pooling, L2 normalisation) with cosine ≥ 0.99999 to
    /// sentence-transformers', and BertModel's pooler output within 1e-4 of transformers'.
    @Test func miniLMEmbeddingsMatchSentenceTransformers() throws {
        let reference = try fixture("bert.json", as: BertReference.self)
        let encoder = try SentenceEncoder.load(from: Self.miniLM)
        let embeddings = encoder.embed(reference.sentences)
        #expect(embeddings.shape == [reference.sentences.count, 384])
        for (i, expected) in reference.embeddings.enumerated() {
            let cosine = zip(embeddings[i].doubles, expected).map(*).reduce(0, +)
            #expect(cosine >= 0.99999, "\(reference.sentences[i]): cosine \(cosine)")
        }
        let batch = encoder.tokenizer.batch(Array(reference.sentences.prefix(2)))
        let pooled = noGrad { encoder.model(inputIds: batch.ids, tokenTypeIds: batch.tokenTypeIds, attentionMask: batch.attentionMask).poolerOutput }
        let difference = maxAbsDifference(pooled.doubles, reference.pooled.flatMap { $0 })
        #expect(difference <= 1e-4, "pooler: max |difference| \(difference)")
    }
}

/// The semantic-search example of Docs/M03.md: each query finds its paraphrase among
/// documents that share few words with it.
@Suite(.enabled(if: PretrainedWeights.shouldTest, "run scripts/fetch-weights.sh first"))
struct SemanticSearchTests {
    static let documents = [
        "The Eiffel Tower is a wrought-iron lattice tower in Paris.",
        "Photosynthesis turns sunlight, water and carbon dioxide into sugar.",
        "A goalkeeper tries to stop the ball from entering the net.",
        "Interest rates were raised by the central bank to fight inflation.",
        "Penguins are flightless birds that live in the Southern Hemisphere.",
        "The recipe needs two eggs, flour, butter and a pinch of salt.",
    ]

    @Test func queriesFindTheirParaphrases() throws {
        let encoder = try SentenceEncoder.load(from: PretrainedModelTests.miniLM)
        let queries = [
            "Which French landmark is made of iron?", "How do plants make food from light?",
            "Who guards the goal in football?", "Why did borrowing get more expensive?",
            "Birds of Antarctica that cannot fly", "What ingredients do I need to bake a cake?",
        ]
        for (expected, query) in queries.enumerated() {
            let hits = encoder.search(query, in: Self.documents, top: 2)
            #expect(hits[0].index == expected, "\(query): \(hits)")
            #expect(hits[0].score > hits[1].score + 0.1, "\(query): \(hits)")
        }
    }
}
