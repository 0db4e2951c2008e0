import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M02

@Suite(.exercise("M02-E13")) struct M02_E13 {
    @Test func onlyTheClassifierTrains() throws {
        let model = LeNet5()
        let optimizer = try prepareForFineTuning(model, numClasses: 3)
        #expect(model.trainableParameterCount == (400 * 120 + 120) + (120 * 84 + 84) + (84 * 3 + 3))
        #expect(model(Tensor.randn([2, 1, 28, 28])).shape == [2, 3], "the new head has 3 outputs")
        #expect(optimizer.parameters.allSatisfy { $0.requiresGrad }, "the optimizer gets only trainable parameters")
        #expect(optimizer.parameters.count == 6)

        let frozen = model.features.parameters().map { $0.clone() }
        let head = model.classifier.parameters().map { $0.clone() }
        let loss = crossEntropy(model(Tensor.randn([4, 1, 28, 28])), Tensor(ints: [0, 1, 2, 0]))
        optimizer.zeroGrad()
        loss.backward()
        optimizer.step()
        for (before, after) in zip(frozen, model.features.parameters()) {
            try checkClose(after, before, rtol: 0, atol: 0, "a frozen convolution parameter after one step")
        }
        #expect(zip(head, model.classifier.parameters()).allSatisfy { ($0 - $1).abs().max().item > 0 }, "every classifier parameter moved")
    }

    /// A private generator: tests training side by side must not change each other's numbers.
    @Test func fineTuningBeatsTrainingFromScratch() throws { try Random.withSeed(13) { try fineTuningComparison() } }

    func fineTuningComparison(file: String = #fileID, function: String = #function) throws {
        let experiment = try TransferExperiment(perClass: 20, pretrainEpochs: 2)
        let model = try experiment.pretrainedModel()
        let optimizer = try prepareForFineTuning(model, numClasses: 5, lr: 2e-3)
        let fineTuned = try experiment.fineTune(model, optimizer: optimizer, epochs: 5).last!
        Random.seed(13)
        let scratch = LeNet5(numClasses: 5)
        let fromScratch = try experiment.fineTune(scratch, optimizer: Adam(scratch.parameters(), lr: 2e-3), epochs: 5).last!
        try checkAtLeast(
            fineTuned, fromScratch + 0.05, "accuracy of the frozen-backbone model on digits 5–9 (from scratch: \(fromScratch)); plus 5 points",
            file: file, function: function)
    }
}
