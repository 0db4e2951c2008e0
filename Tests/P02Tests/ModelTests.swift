import DeepLearning
import Workbook
import Foundation
import Testing
@testable import P02

/// ultralytics' state-dict names for the layers of yolo11.yaml, by layer index.
private let layerNames: [Int: String] = [
    0: "stem", 1: "down1", 2: "stage1", 3: "down2", 4: "stage2", 5: "down3", 6: "stage3", 7: "down4", 8: "stage4",
    9: "sppf", 10: "psa", 13: "topDown4", 16: "topDown3", 17: "bottomUpDown3", 19: "bottomUp4", 20: "bottomUpDown4",
    22: "bottomUp5", 23: "detect",
]

/// Our name for an ultralytics state-dict entry (`model.6.m.0.cv1.conv.weight` → `stage3.m.0.cv1.conv.weight`),
/// buffers in PyTorch's spelling on both sides.
private func ourName(_ theirs: String) -> String {
    var parts = theirs.split(separator: ".").map(String.init)
    parts.removeFirst()  // "model"
    parts[0] = layerNames[Int(parts[0])!] ?? parts[0]
    return pytorchSpelling(parts.joined(separator: "."))
}

private func pytorchSpelling(_ name: String) -> String {
    name.replacingOccurrences(of: "runningMean", with: "running_mean").replacingOccurrences(of: "runningVar", with: "running_var")
}

@Suite struct ModelTests {
    /// The published count (2,624,080 at 80 classes) and every tensor's name and shape, against ultralytics.
    @Test func yolo11MatchesUltralyticsTensorForTensor() throws {
        let fixture = try JSONFixture.load("architecture", from: .module)
        for summary in fixture["models"].array {
            let model = YOLO11(scale: YOLOScale(rawValue: summary["scale"].string)!, classes: summary["classes"].int)
            #expect(model.parameterCount == summary["parameters"].int)
            guard let state = summary.optional("state")?.object.mapValues(\.ints) else { continue }
            let ours = Dictionary(
                uniqueKeysWithValues: model.stateDict()
                    .filter { !$0.key.hasSuffix("numBatchesTracked") && !$0.key.hasSuffix("num_batches_tracked") }
                    .map { (pytorchSpelling($0.key), $0.value.shape) })
            let theirs = Dictionary(uniqueKeysWithValues: state.map { (ourName($0.key), $0.value) })
            #expect(
                Set(ours.keys) == Set(theirs.keys),
                "names differ: ours only \(Set(ours.keys).subtracting(theirs.keys).sorted().prefix(5)), theirs only \(Set(theirs.keys).subtracting(ours.keys).sorted().prefix(5))"
            )
            for (name, shape) in theirs { #expect(ours[name] == shape, "\(name)") }
        }
        #expect(YOLO11(scale: .n, classes: 80).parameterCount == 2_624_080)
    }

    @Test func outputsOneRowPerAnchorOfTheThreeLevels() throws {
        Random.seed(0)
        let model = YOLO11(scale: .n, classes: 6)
        model.eval()
        let raw = noGrad { model(Tensor.randn([1, 3, 64, 64])) }
        #expect(raw.shape == [1, 64 + 6, 64 + 16 + 4])
        #expect(AnchorPoints(imageSize: 64, strides: model.strides).count == 84)
    }
}
