import DeepLearning
import Foundation
import Testing
@testable import P07

func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("P07Tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@Suite(.serialized) struct TaggerTests {
    /// MSRA's layout: one "character tag" line, CRLF, a blank line between sentences.
    @Test func readsMSRAAndCarvesADevSplit() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let sentence = "新 B-ORG\r\n华 M-ORG\r\n社 E-ORG\r\n电 O\r\n\r\n"
        let broken = "社 E-ORG\r\n电 O\r\n\r\n"
        let train = folder.appendingPathComponent("train.txt"), test = folder.appendingPathComponent("test.txt")
        try (String(repeating: sentence, count: 39) + broken).write(to: train, atomically: true, encoding: .utf8)
        try (sentence + broken).write(to: test, atomically: true, encoding: .utf8)
        let splits = try MSRA.prepare(train: train, test: test)
        #expect(splits.train.count == 38 && splits.dev.count == 2 && splits.test.count == 2)
        #expect(splits.test[0].tokens == ["新", "华", "社", "电"] && splits.test[0].tags == ["B-ORG", "I-ORG", "I-ORG", "O"])
        #expect(splits.brokenTrain == 1 && splits.brokenTest == 1)
        #expect(throws: P07Error.self) { try MSRA.read(folder.appendingPathComponent("missing.txt")) }
        try "新 X-ORG\r\n".write(to: test, atomically: true, encoding: .utf8)
        #expect(throws: P07Error.self) { try MSRA.read(test) }
    }

    /// The whole pipeline on generated sentences, with and without bigram features: the
    /// tagger learns them, its decoded tags obey BIO, a saved model tags the same after
    /// loading, and a vocabulary file that does not fit the weights is refused.
    @Test(arguments: [0, 8]) func learnsGeneratedEntitiesAndRoundTrips(bigrams: Int) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let train = NERCorpus.sentences(count: 300, seed: 1), dev = NERCorpus.sentences(count: 60, seed: 2)
        let settings = TrainingSettings(epochs: 4, batchSize: 16, lr: 1e-2, seed: 1, embedding: 24, hidden: 24, dropout: 0, bigrams: bigrams)
        var training = TaggerTraining(settings: settings, folder: folder)
        training.log = { _ in }
        let tagger = try training.run(train: train, dev: dev, resume: false)
        let predicted = tagger.tag(dev.map(\.tokens))
        let f1 = EntityScores(truth: dev.map(\.tags), predicted: predicted).micro.f1
        #expect(f1 > 0.9, "dev F1 \(f1)")
        #expect(!predicted.contains { MSRA.breaksBIO(TaggedSentence(tokens: $0, tags: $0)) })
        let reloaded = try TrainedTagger.load(from: folder)
        #expect(reloaded.tag(dev.map(\.tokens)) == predicted)
        #expect(Checkpoint.lastEpoch(in: folder) == 4)
        #expect((reloaded.vocabulary.bigramTable != nil) == (bigrams > 0))
        #expect(reloaded.model.bigramEmbedding?.embeddingDim == (bigrams > 0 ? bigrams : nil))

        let vocabularyURL = TrainedTagger.vocabularyURL(in: folder)
        let text = try String(contentsOf: vocabularyURL, encoding: .utf8)
        try text.replacingOccurrences(of: "\"characters\" : [", with: "\"characters\" : [\"☃\", ").write(to: vocabularyURL, atomically: true, encoding: .utf8)
        #expect(throws: P07Error.self) { try TrainedTagger.load(from: folder) }
    }

    @Test func missingModelIsAClearError() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: P07Error.self) { try TrainedTagger.load(from: folder) }
    }
}
