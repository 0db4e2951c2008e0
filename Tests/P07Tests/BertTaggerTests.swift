import DeepLearning
import Foundation
import Testing
@testable import P07

@Suite struct BertTaggerTests {
    /// Fine-tuning from an encoder folder (a small BERT, as `pretrain` writes one) learns the
    /// generated entities; tags obey BIO; the folder loads back as a BERT tagger that tags the
    /// same; a sentence longer than the encoder's positions is tagged O past its end.
    @Test func fineTunesFromAnEncoderFolderAndRoundTrips() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let train = NERCorpus.sentences(count: 300, seed: 1), dev = NERCorpus.sentences(count: 60, seed: 2)
        let (tagger, predicted): (TrainedBertTagger, [[String]]) = try Random.withSeed(0) {
            // The generated sentences are made of words; each word is one token, as a character is in MSRA.
            let words = Set(train.flatMap { $0.tokens.map { $0.lowercased() } }).sorted()
            let table = try CharacterTable(vocabulary: CharacterTable.specials + RelationTokenizer.markers + words)
            let encoder = BertModel(chineseBertConfig(vocabulary: table.vocabulary.count, hidden: 64, layers: 1))
            encoder.initializeLikeBERT()
            try PretrainedChineseEncoder(model: encoder, table: table).save(to: folder.appendingPathComponent("encoder"))
            let settings = BertTaggerSettings(
                initialization: "pretrained", encoder: folder.appendingPathComponent("encoder").path,
                epochs: 6, batchSize: 16, lr: 3e-3)
            let tagger = try BertTaggerTraining(settings: settings, folder: folder.appendingPathComponent("run")).run(train: train, dev: dev)
            return (tagger, try tagger.tag(dev.map(\.tokens)))
        }
        let f1 = EntityScores(truth: dev.map(\.tags), predicted: predicted).micro.f1
        #expect(f1 > 0.9, "dev F1 \(f1)")
        #expect(!predicted.contains { MSRA.breaksBIO(TaggedSentence(tokens: $0, tags: $0)) })
        let reloaded = try loadEntityTagger(from: folder.appendingPathComponent("run"))
        #expect(reloaded is TrainedBertTagger)
        #expect(try reloaded.tag(dev.map(\.tokens)) == predicted)
        let long = [String](repeating: "a", count: 140)
        let tags = try tagger.tag([long])[0]
        #expect(tags.count == 140 && tags.suffix(14).allSatisfy { $0 == "O" })
    }
}
