import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import P01

@Suite(.exercise("P01-E01")) struct P01_E01_Hidden {
    /// The tune stage's MobileNetV2: features.0–13 frozen, the rest and the head training.
    @Test func countsOnlyTheUnfrozenBlocksOfMobileNetV2() throws {
        let model = MobileNetV2(numClasses: 2, inChannels: 1)
        let net = SplitMobileNet(model: model, split: defaultSplit)
        model.features.freeze()
        try checkEqual([try trainableParameterCount(model)], [model.classifier.parameterCount], "trainable parameters, backbone frozen")
        net.trainableBlocks.forEach { $0.unfreeze() }
        let expected = net.trainableBlocks.reduce(0) { $0 + $1.parameterCount } + model.classifier.parameterCount
        try checkEqual([try trainableParameterCount(model)], [expected], "trainable parameters, last blocks unfrozen")
        #expect(expected < model.parameterCount)
    }
}
