import DeepLearning
import Foundation
import Testing
import Workbook
@testable import P01

@Suite struct MetricsTests {
    struct Case: Decodable {
        let scores: [Double], labels: [Int], threshold: Double
        let accuracy: Double, balanced_accuracy: Double, precision: Double, recall: Double, f1: Double, auc: Double
        let confusion: [[Int]]
    }
    struct Fixture: Decodable { let cases: [Case] }

    /// Accuracy, balanced accuracy, precision/recall/F1 of the defective class, ROC AUC (with tied
    /// scores) and the confusion matrix equal scikit-learn's (scripts/p01_fixtures.py).
    @Test func matchScikitLearn() throws {
        let fixture = try Fixtures.decode(Fixture.self, "metrics.json", in: .module)
        #expect(fixture.cases.count == 6)
        for c in fixture.cases {
            let m = BinaryMetrics(scores: c.scores, labels: c.labels, threshold: c.threshold)
            #expect(m.confusion == c.confusion)
            for (mine, reference) in [
                (m.accuracy, c.accuracy), (m.balancedAccuracy, c.balanced_accuracy), (m.precision, c.precision),
                (m.recall, c.recall), (m.f1, c.f1), (m.auc, c.auc),
            ] {
                #expect(abs(mine - reference) < 1e-12, "\(mine) vs \(reference)")
            }
        }
    }

    @Test func thresholdObjectivesPickTheirOptimum() throws {
        let scores = [0.1, 0.2, 0.3, 0.4, 0.45, 0.6, 0.7, 0.8], labels = [0, 0, 0, 1, 1, 0, 1, 1]
        // 0.35 is the only threshold that gets 7 of 8 right; it also gives the best F1 (P 4/5, R 1).
        #expect(try chooseThreshold(scores: scores, labels: labels, objective: .accuracy) == 0.35)
        // Balanced accuracy peaks there too: (4/4 + 3/4) / 2.
        let t = try chooseThreshold(scores: scores, labels: labels, objective: .balancedAccuracy)
        #expect(t == 0.35 && abs(BinaryMetrics(scores: scores, labels: labels, threshold: t).balancedAccuracy - 0.875) < 1e-12)
        // Equal accuracy at 0.35 and 0.5 when the cell at 0.6 is defective: the tie goes to 0.5.
        #expect(try chooseThreshold(scores: scores, labels: [0, 0, 0, 1, 0, 1, 1, 1], objective: .accuracy) == 0.5)
        #expect(rocAUC(scores: [0.1, 0.2], labels: [0, 0]).isNaN)
    }

    @Test func gradeMetricsCountTheBinaryVerdictToo() {
        let g = GradeMetrics(predictions: [0, 1, 3, 2, 0], labels: [0, 2, 3, 1, 0], classes: 4)
        #expect(g.accuracy == 0.6 && g.binaryAccuracy == 0.6)
        #expect(g.confusion[2][1] == 1 && g.confusion[1][2] == 1)
    }
}

@Suite(.serialized) struct PipelineTests {
    /// One epoch, then `--resume` with two: the second run continues at epoch 2; another seed is refused.
    @Test func resumeContinuesAfterTheLastCheckpoint() throws {
        let (train, valid) = (syntheticCells(24, size: 32, seed: 1), syntheticCells(12, size: 32, seed: 2))
        let folder = try temporaryFolder()
        var settings = TrainingSettings(model: .small, size: 32, epochs: 1, seed: 1, batchSize: 8)
        try TrainingRun(settings: settings, folder: folder, log: { _ in }).run(train: train, valid: valid, resume: false)
        settings.epochs = 2
        var lines: [String] = []
        try TrainingRun(settings: settings, folder: folder, log: { lines.append($0) }).run(train: train, valid: valid, resume: true)
        #expect(lines.contains("resuming after epoch 1"))
        let history = try String(contentsOf: folder.appendingPathComponent("history.jsonl"), encoding: .utf8)
        #expect(history.split(separator: "\n").map { String($0.prefix(12)) } == ["{\"epoch\": 1,", "{\"epoch\": 2,"])
        settings.seed = 2
        #expect(throws: P01Error.self) {
            try TrainingRun(settings: settings, folder: folder, log: { _ in }).run(train: train, valid: valid, resume: true)
        }
    }

    /// The saved model gives the same probabilities after loading; a foreign or corrupt file is a typed error.
    @Test func trainedModelRoundTripsAndRejectsForeignFiles() throws {
        let folder = try temporaryFolder()
        let (train, valid) = (syntheticCells(24, size: 32, seed: 3), syntheticCells(9, size: 32, seed: 4))
        let settings = TrainingSettings(model: .small, size: 32, epochs: 1, seed: 1, batchSize: 8)
        let trained = try TrainingRun(settings: settings, folder: folder, log: { _ in }).run(train: train, valid: valid, resume: false)
        let loaded = try TrainedModel.load(from: folder.appendingPathComponent("model.safetensors"))
        #expect(loaded.settings == settings && loaded.threshold == trained.threshold)
        #expect(loaded.probabilities(of: valid.pixels) == trained.probabilities(of: valid.pixels))
        let foreign = folder.appendingPathComponent("foreign.safetensors")
        try Linear(2, 2).save(to: foreign)
        #expect(throws: P01Error.self) { try TrainedModel.load(from: foreign) }
        #expect(throws: P01Error.self) { try TrainedModel.load(from: folder.appendingPathComponent("none.safetensors")) }
        let corrupt = folder.appendingPathComponent("corrupt.safetensors")
        try Data([1, 2, 3]).write(to: corrupt)
        #expect(throws: (any Error).self) { try TrainedModel.load(from: corrupt) }
    }

    /// Each parameter group learns at its own rate, and the state of every group survives a save and load.
    @Test func groupedOptimizerKeepsPerGroupRatesAndState() throws {
        let (a, b) = (Linear(3, 2), Linear(2, 1))
        let optimizer = GroupedOptimizer(groups: [a.parameters(), b.parameters()], lr: 1e-2, factors: [1, 0.5])
        #expect(optimizer.learningRates == [1e-2, 5e-3])
        optimizer.lr = 2e-2
        #expect(optimizer.learningRates == [2e-2, 1e-2])
        let loss = b(a(Tensor.randn([4, 3]))).sum()
        loss.backward()
        optimizer.step()
        let state = optimizer.stateDict()
        let copy = GroupedOptimizer(groups: [a.parameters(), b.parameters()], lr: 1e-2, factors: [1, 0.5])
        try copy.loadStateDict(state)
        #expect(copy.stateDict().keys.sorted() == state.keys.sorted())
        #expect(throws: (any Error).self) { try copy.loadStateDict(["group7.lr": Tensor(1.0, dtype: .float64)]) }
    }

    /// The ImageNet network, made grey, still sees what it saw in colour: on a grey photo its
    /// features match the RGB network's on the same photo in three equal channels.
    @Test(.enabled(if: P01Data.hasWeights, "run scripts/fetch-weights.sh first"))
    func greyAdaptationKeepsImageNetFeatures() throws {
        let rgb = MobileNetV2()
        try rgb.loadPyTorch(from: imageNetWeightsURL)
        rgb.eval()
        let grey = try makeModel(.transfer, task: .binary, weights: imageNetWeightsURL) as! MobileNetV2
        grey.eval()
        // A smooth grey pattern, 224 px.
        let size = 224
        let g = (0..<size * size).map { p -> Float in
            let (y, x) = (Double(p / size) / Double(size), Double(p % size) / Double(size))
            return Float(0.5 + 0.25 * sin(7 * x + 3 * y) * cos(5 * y - 2 * x))
        }
        let asRGB = normalize(Tensor(g + g + g, shape: [3, size, size]), mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225])
        let a = noGrad { rgb.backbone(asRGB.unsqueeze(axis: 0)) }.doubles
        let b = noGrad { grey.backbone(Tensor(GreyInput.normalized(g), shape: [1, 1, size, size])) }.doubles
        let difference = zip(a, b).map { abs($0 - $1) }.max()!, scale = a.map(abs).max()!
        print("grey adaptation: max |feature difference| \(difference) of max |feature| \(scale)")
        #expect(difference < 0.01 * scale)  // measured 0.41%: only the zero-padded border differs
    }
}
