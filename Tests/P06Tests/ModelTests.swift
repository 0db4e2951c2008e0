import Foundation
import Testing
@testable import P06
import DeepLearning

/// The tiny configuration the unit tests use.
func tinyConfig(_ kind: String, vocabulary: Int = 40) -> ModelConfig {
    var c = ModelConfig(vocabulary: vocabulary)
    (c.kind, c.dModel, c.heads, c.encoderLayers, c.decoderLayers, c.feedForward, c.dropout, c.maxLength) = (kind, 16, 2, 2, 2, 32, 0, 64)
    return c
}

@Suite struct ModelTests {
    /// Step-by-step decoding with the cache gives the same log-probabilities as the full
    /// teacher-forced pass over the same prefix, for both models and a padded batch.
    @Test(arguments: ["transformer", "lstm"])
    func incrementalDecodingMatchesTheFullForwardPass(kind: String) throws {
        Random.seed(7)
        let model = try makeModel(tinyConfig(kind))
        model.eval()
        let source = padBatch([[5, 6, 7, 8, Specials.eos], [9, 10, Specials.eos]], padId: Specials.pad)
        let target = [[Specials.bos, 11, 12, 13, 14], [Specials.bos, 15, 16, 17, 18]]
        let full = noGrad { model.logits(source: source, targetIn: Tensor(ints: target.flatMap { $0 }, shape: [2, 5])).logSoftmax(axis: -1) }
        let decoder = model.startDecoding(source: source)
        for t in 0..<5 {
            let step = noGrad { decoder.step(target.map { $0[t] }) }
            let expected = full.slice(axis: 1, start: t, end: t + 1).reshape([2, 40])
            #expect((step - expected).abs().max().item < 1e-4, "position \(t)")
        }
    }

    @Test func checkpointAveragingIsTheMean() {
        let a = ["w": Tensor([1, 2], shape: [2])], b = ["w": Tensor([3, 6], shape: [2])]
        #expect(Training.average([a, b])["w"]!.doubles == [2, 4])
    }

    @Test func aCheckpointOfAnotherModelIsRejected() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("P06Tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent("model.safetensors")
        try Linear(3, 2).save(to: url)
        #expect(throws: P06Error.self) { try loadTrainedModel(from: url) }
        #expect(throws: P06Error.self) { try loadTrainedModel(from: dir.appendingPathComponent("missing.safetensors")) }
    }
}
