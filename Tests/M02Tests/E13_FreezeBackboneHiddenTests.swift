import DeepLearning
import Testing
import Workbook
@testable import M02

@Suite struct M02_E13_Hidden {
    @Test func keepsTheTrainedHiddenLayersAndFreezesOnlyTheFeatures() throws {
        let model = LeNet5(numClasses: 5)
        let hidden = (model.classifier as! Sequential)[0] as! Linear
        let optimizer = try prepareForFineTuning(model, numClasses: 7, lr: 0.01)
        #expect((model.classifier as! Sequential)[0] === hidden, "the classifier's first layer is kept, not re-created")
        #expect(model.features.parameters().allSatisfy { !$0.requiresGrad })
        #expect(model.classifier.parameters().allSatisfy { $0.requiresGrad })
        #expect(optimizer is Adam && abs(optimizer.lr - 0.01) < 1e-12, "an Adam optimizer with the given learning rate")
        #expect(model(Tensor.randn([1, 1, 28, 28])).shape == [1, 7])
    }
}
