import DeepLearning
import Foundation
import Testing
@testable import P01

@Suite(.serialized) struct ThresholdTests {
    /// The whole transfer pipeline at a reduced size (112 px, 500 training cells, two cached views,
    /// three head epochs and two fine-tuning epochs), on the real held-out test split: the ImageNet
    /// start must already separate defective cells from functional ones.
    @Test(.enabled(if: P01Data.hasImages && P01Data.hasWeights, "run `swift run P01 prepare` and scripts/fetch-weights.sh first"))
    func reducedTransferBeatsTheThresholdOnHeldOutCells() throws {
        let start = Date()
        let options = try DataOptions.parse([])
        let train = try options.images("train", size: 112, maxCount: 500)
        let valid = try options.images("valid", size: 112)
        let test = try options.images("test", size: 112)
        let settings = TrainingSettings(size: 112, epochs: 5, headEpochs: 3, seed: 1, views: 2)
        let trained = try TrainingRun(settings: settings, folder: try temporaryFolder(), log: { _ in }).run(train: train, valid: valid, resume: false)
        let scores = defectScores(trained.probabilities(of: test.pixels), task: .binary)
        let m = BinaryMetrics(scores: scores, labels: test.labels(Array(0..<test.count), task: .binary), threshold: trained.threshold)
        print(String(format: "reduced transfer: test accuracy %.4f, F1 %.3f, AUC %.4f after %.0f s", m.accuracy, m.f1, m.auc, Date().timeIntervalSince(start)))
        #expect(m.accuracy > Self.minimumAccuracy)
        #expect(m.auc > Self.minimumAUC)
    }

    /// Measured: accuracy 0.7854, defective F1 0.532, ROC AUC 0.7872 on the 657 test cells (47 s of CPU).
    /// Always answering "functional" scores 0.686; the margins leave room for other machines' rounding.
    static let minimumAccuracy = 0.74
    static let minimumAUC = 0.74
}
