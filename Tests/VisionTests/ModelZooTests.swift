import Foundation
import NN
import Tensors
import Testing
@testable import Vision

/// The model zoo: torchvision's parameter counts and names, output shapes, the
/// backbone/head split for transfer learning, and the multiply-accumulate counter.
/// Serialized: the large models take hundreds of megabytes each.
@Suite(.serialized) struct ModelZooTests {
    /// A model with torchvision's parameter count (from torchvision's model definitions
    /// and documentation), some of torchvision's parameter names, and an input small
    /// enough for a quick forward pass.
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let parameters: Int
        let names: [String]
        let inputSide: Int
        let make: @Sendable () -> Module
        var testDescription: String { name }
    }

    static let resnetNames = [
        "conv1.weight", "bn1.weight", "layer1.0.conv1.weight", "layer1.1.bn2.bias", "layer2.0.downsample.0.weight",
        "layer2.0.downsample.1.weight", "layer4.1.conv2.weight", "fc.bias",
    ]
    static let vggNames = ["features.0.weight", "features.0.bias", "classifier.0.weight", "classifier.3.bias", "classifier.6.weight"]

    static let cases: [Case] = [
        Case(name: "lenet5", parameters: 61_706, names: ["features.0.weight", "features.3.bias", "classifier.4.weight"], inputSide: 28) { LeNet5() },
        Case(name: "alexnet", parameters: 61_100_840, names: ["features.10.weight", "classifier.1.weight", "classifier.6.bias"], inputSide: 64) { AlexNet() },
        Case(name: "vgg11", parameters: 132_863_336, names: vggNames + ["features.18.weight"], inputSide: 32) { VGG(.vgg11) },
        Case(name: "vgg11_bn", parameters: 132_868_840, names: vggNames + ["features.1.running_mean", "features.26.weight"], inputSide: 32) {
            VGG(.vgg11, batchNorm: true)
        },
        Case(name: "vgg16", parameters: 138_357_544, names: vggNames + ["features.28.weight"], inputSide: 32) { VGG(.vgg16) },
        Case(name: "vgg16_bn", parameters: 138_365_992, names: vggNames + ["features.1.weight", "features.41.bias"], inputSide: 32) {
            VGG(.vgg16, batchNorm: true)
        },
        Case(name: "resnet18", parameters: 11_689_512, names: resnetNames, inputSide: 32) { ResNet(.resnet18) },
        Case(name: "resnet34", parameters: 21_797_672, names: resnetNames + ["layer3.5.conv2.weight"], inputSide: 32) { ResNet(.resnet34) },
        Case(name: "resnet50", parameters: 25_557_032, names: resnetNames + ["layer1.0.downsample.0.weight", "layer3.5.conv3.weight"], inputSide: 32) {
            ResNet(.resnet50)
        },
        Case(
            name: "efficientnet_b0", parameters: 5_288_548,
            names: [
                "features.0.0.weight", "features.0.1.bias", "features.1.0.block.0.0.weight", "features.1.0.block.1.fc1.weight",
                "features.1.0.block.2.0.weight", "features.2.0.block.0.0.weight", "features.2.0.block.3.1.weight",
                "features.6.3.block.2.fc2.bias", "features.8.0.weight", "classifier.1.weight",
            ], inputSide: 32
        ) { EfficientNet() },
        Case(
            name: "mobilenet_v2", parameters: 3_504_872,
            names: [
                "features.0.0.weight", "features.0.1.running_mean", "features.1.conv.0.0.weight", "features.1.conv.1.weight",
                "features.2.conv.0.0.weight", "features.2.conv.3.bias", "features.17.conv.2.weight", "features.18.0.weight",
                "classifier.1.weight",
            ], inputSide: 32
        ) { MobileNetV2() },
        Case(
            name: "efficientnet_lite0", parameters: 4_652_008,
            names: [
                "_conv_stem.weight", "_bn0.running_mean", "_blocks.0._depthwise_conv.weight", "_blocks.0._project_conv.weight",
                "_blocks.1._expand_conv.weight", "_blocks.15._bn2.bias", "_conv_head.weight", "_bn1.weight", "_fc.bias",
            ],
            inputSide: 32
        ) { EfficientNetLite() },
    ]

    /// Parameter counts at 1000 classes (LeNet: 10 classes, 1 channel) and names (torchvision's
    /// snake_case buffer names become camelCase here); a forward pass on one small image
    /// (adaptive pooling lets VGG, ResNet and EfficientNet take 32×32 and AlexNet 64×64
    /// instead of 224×224) gives one finite score per class.
    @Test(arguments: cases) func parametersAndOutputsMatchTorchvision(_ c: Case) {
        Random.seed(0)
        let model = c.make()
        #expect(model.parameterCount == c.parameters)
        let names = Set(model.namedParameters().map(\.name) + model.namedBuffers().map(\.name))
        for name in c.names {
            #expect(names.contains(name.replacingOccurrences(of: "running_mean", with: "runningMean")), "\(name)")
        }
        model.eval()
        let channels = c.name == "lenet5" ? 1 : 3
        let logits = noGrad { model(Tensor.randn([1, channels, c.inputSide, c.inputSide])) }
        #expect(logits.shape == [1, c.name == "lenet5" ? 10 : 1000])
        #expect(logits.scalars.allSatisfy { $0.isFinite })
    }

    @Test func shortcutsProjectOnlyWhenTheShapeChanges() {
        let basic = Set(ResNet(.resnet18, numClasses: 10).namedParameters().map(\.name))
        #expect(!basic.contains("layer1.0.downsample.0.weight") && !basic.contains("conv1.bias") && !basic.contains("layer2.1.downsample.0.weight"))
        let names = VGG(VGG.Configuration([.conv(8), .maxPool, .conv(16), .maxPool]), batchNorm: true, numClasses: 10).namedParameters().map(\.name)
        #expect(
            names == [
                "features.0.weight", "features.0.bias", "features.1.weight", "features.1.bias",
                "features.4.weight", "features.4.bias", "features.5.weight", "features.5.bias",
                "classifier.0.weight", "classifier.0.bias", "classifier.3.weight", "classifier.3.bias",
                "classifier.6.weight", "classifier.6.bias",
            ])
    }

    @Test func numClassesAndInChannelsShapeTheModel() {
        Random.seed(1)
        let x = Tensor.randn([2, 1, 32, 32])
        let models: [Module] = [
            ResNet(.resnet18, numClasses: 3, inChannels: 1), EfficientNet(numClasses: 3, inChannels: 1),
            VGG(VGG.Configuration([.conv(8), .maxPool, .conv(16), .maxPool]), batchNorm: true, numClasses: 3, inChannels: 1),
        ]
        for model in models {
            model.eval()
            #expect(noGrad { model(x) }.shape == [2, 3])
        }
        #expect(LeNet5(numClasses: 5, inChannels: 3)(Tensor.randn([2, 3, 28, 28])).shape == [2, 5])
    }

    /// Feature extraction: freeze the backbone, train the head; the model equals head ∘ backbone.
    @Test func backboneAndHeadSplitTheModelForTransferLearning() {
        Random.seed(2)
        let model = ResNet(.resnet18, numClasses: 4)
        model.eval()
        let x = Tensor.randn([2, 3, 32, 32])
        let features = noGrad { model.backbone(x) }
        #expect(features.shape == [2, 512])
        #expect(noGrad { model.head(features) }.scalars == noGrad { model(x) }.scalars)

        model.backbone.freeze()
        #expect(model.trainableParameterCount == 512 * 4 + 4)
        let stem = model.conv1.weight.scalars, head = (model.fc as! Linear).weight.scalars
        let optimizer = Adam(model.parameters(), lr: 0.01)
        model.train()
        crossEntropy(model(x), Tensor(ints: [0, 3])).backward()
        optimizer.step()
        #expect(model.conv1.weight.scalars == stem)
        #expect((model.fc as! Linear).weight.scalars != head)

        // A new head for a new task.
        model.fc = Linear(512, 2)
        #expect(noGrad { model(x) }.shape == [2, 2])
        #expect(model.namedParameters().last?.name == "fc.bias")
    }

    @Test func efficientNetTrainsWithStochasticDepth() {
        Random.seed(3)
        let model = EfficientNet(numClasses: 2)
        let x = Tensor.randn([2, 3, 32, 32])
        let loss = crossEntropy(model(x), Tensor(ints: [0, 1]))
        loss.backward()
        #expect(loss.item.isFinite)
        let stem = model.features.namedParameters()[0]
        #expect(stem.name == "0.0.weight" && stem.tensor.grad != nil)

        let depth = StochasticDepth(0.5)
        let ones = Tensor.ones([64, 2, 2, 2])
        let y = depth(ones).doubles
        let rows = (0..<64).map { Set(y[($0 * 8)..<($0 * 8 + 8)]) }
        #expect(rows.allSatisfy { $0 == [0] || $0 == [2] } && rows.contains([0]) && rows.contains([2]))
        depth.eval()
        #expect(depth(ones) === ones)
    }

    // MARK: Multiply-accumulates

    /// LeNet-5 by hand: each output element of a convolution costs in·k·k MACs, of a linear layer `in`.
    @Test func leNetMACsMatchAHandCount() {
        let cost = ModelCost(of: LeNet5(), input: Tensor.zeros([1, 1, 28, 28]))
        let conv1 = 6 * 28 * 28 * (1 * 5 * 5), conv2 = 16 * 10 * 10 * (6 * 5 * 5)
        let fc1 = 400 * 120, fc2 = 120 * 84, fc3 = 84 * 10
        #expect(cost.layers.filter { $0.macs > 0 }.map(\.macs) == [conv1, conv2, fc1, fc2, fc3])
        #expect(cost.macs == 416_520 && cost.flops == 833_040)
        #expect(cost.parameters == 61_706)
        #expect(cost.layers.map(\.name).prefix(3) == ["features.0", "features.1", "features.2"])
        #expect(cost.layers[0].outputShape == [1, 6, 28, 28] && cost.layers[0].parameters == 156)
        #expect(cost.table.contains("features.3 (Conv2d)") && cost.table.contains("416,520"))
        // Cost scales with the batch.
        #expect(ModelCost(of: LeNet5(), input: Tensor.zeros([3, 1, 28, 28])).macs == 3 * 416_520)
    }

    /// torchvision's "GFLOPS" column (really giga multiply-accumulates) at 224×224,
    /// to its two decimals: ResNet-18 1.81, AlexNet 0.71, EfficientNet-B0 0.39.
    @Test func macsAt224MatchTorchvisionsTable() {
        let input = Tensor.zeros([1, 3, 224, 224])
        let resnet = ModelCost(of: ResNet(.resnet18), input: input)
        #expect((Double(resnet.macs) / 1e7).rounded() == 181)
        #expect((Double(ModelCost(of: AlexNet(), input: input).macs) / 1e7).rounded() == 71)
        #expect((Double(ModelCost(of: EfficientNet(), input: input).macs) / 1e7).rounded() == 39)
        // Counting leaves the model in training mode if it was.
        let model = LeNet5()
        _ = ModelCost(of: model, input: Tensor.zeros([1, 1, 28, 28]))
        #expect(model.isTraining)
    }
}
