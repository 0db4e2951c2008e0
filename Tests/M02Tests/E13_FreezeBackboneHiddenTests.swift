import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M02

@Suite(.exercise("M02-E13")) struct M02_E13_Hidden {
    @Test func keepsTheTrainedHiddenLayersAndFreezesOnlyTheFeatures() throws {
        let model = LeNet5(numClasses: 5)
        let hidden = (model.classifier as! Sequential)[0] as! Linear
        let optimizer = try prepareForFineTuning(model, numClasses: 7, lr: 0.01)
        let classifier = try #require(model.classifier as? Sequential)
        try checkEqual([classifier[0] === hidden ? 1 : 0], [1], "the classifier's first layer is kept, not re-created")
        try checkEqual(
            [model.features.parameters().filter(\.requiresGrad).count, model.classifier.parameters().filter { !$0.requiresGrad }.count],
            [0, 0], "trainable feature parameters, frozen classifier parameters")
        try checkEqual([optimizer is Adam ? 1 : 0], [1], "an Adam optimizer")
        try checkClose([optimizer.lr], [0.01], rtol: 0, atol: 1e-12, "its learning rate")
        try checkEqual(model(Tensor.randn([1, 1, 28, 28])).shape, [1, 7], "output shape")
    }
}
