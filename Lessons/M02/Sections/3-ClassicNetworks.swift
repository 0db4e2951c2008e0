import DeepLearning
import Foundation
import Workbook

/// Section 3: the classic architectures side by side — parameters, multiply-accumulates
/// and the time of one forward pass on this machine.
func classicNetworks(_ lesson: LessonContext) throws {
    let models: [(name: String, year: Int, make: () -> Module, size: Int, channels: Int)] = [
        ("LeNet-5", 1998, { LeNet5() }, 28, 1),
        ("AlexNet", 2012, { AlexNet() }, 224, 3),
        ("VGG-16", 2014, { VGG(.vgg16) }, 224, 3),
        ("ResNet-18", 2015, { ResNet(.resnet18) }, 224, 3),
        ("ResNet-50", 2015, { ResNet(.resnet50) }, 224, 3),
        ("EfficientNet-B0", 2019, { EfficientNet() }, 224, 3),
    ]
    print("One image, batch 1, float32, evaluation mode; input 224×224×3 (LeNet-5: 28×28×1). Forward time: best of 2 runs after a warm-up, on this machine.")
    print("  network            year   parameters    GMACs    GFLOPs      forward   input")
    var rows: [(String, Double)] = []
    for entry in models {
        Random.seed(3)
        let model = entry.make()
        model.eval()
        let input = Tensor.randn([1, entry.channels, entry.size, entry.size])
        let cost = ModelCost(of: model, input: input)
        _ = noGrad { model(input) }
        var best = Double.infinity
        for _ in 0..<2 {
            let start = Date()
            _ = noGrad { model(input) }
            best = min(best, Date().timeIntervalSince(start))
        }
        rows.append((entry.name, best * 1000))
        print(
            "  \(padded(entry.name, 17))  \(entry.year)  \(leftPadded(grouped(cost.parameters), 11))  \(String(format: "%7.4f", Double(cost.macs) / 1e9))  \(String(format: "%8.4f", Double(cost.flops) / 1e9))  \(String(format: "%8.1f ms", best * 1000))   \(entry.size)×\(entry.size)"
        )
    }
    print("  (MACs: multiply-accumulates of convolutions and linear layers, torchvision's \"GFLOPS\" column; FLOPs = 2·MACs.)")
    print("\nWhat each one added: LeNet — conv + pool + FC; AlexNet — ReLU, dropout, GPUs, big data; VGG — only 3×3 convolutions, deeper;")
    print("ResNet — identity shortcuts, so 50+ layers train; EfficientNet — depthwise convolutions, squeeze-excitation, compound scaling.")

    Random.seed(6)
    let x = Tensor.randn([2, 64, 16, 16]).relu()
    if let block = lesson.exercise("M02-E06", { try ResidualBlock(inChannels: 64, outChannels: 64) }),
        let down = lesson.exercise("M02-E06", { try ResidualBlock(inChannels: 64, outChannels: 128, stride: 2) })
    {
        block.eval()
        print(
            "\nYour residual block (M02-E06): \(x.shape) → \(block(x).shape), \(grouped(block.parameterCount)) parameters; with stride 2 and 128 channels → \(down(x).shape), \(grouped(down.parameterCount)) parameters."
        )
        (block.body[4] as! BatchNorm2d).weight!.fill(0)
        print(
            "  with the last batch norm's γ = 0 the block is the identity on non-negative inputs: max |block(x) − x| = \(String(format: "%.1e", (block(x) - x).abs().max().item))"
        )
    }
}
