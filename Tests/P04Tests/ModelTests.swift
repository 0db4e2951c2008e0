import DeepLearning
import Foundation
import Testing
import Workbook
@testable import P04

@Suite struct ModelTests {
    @Test func deepLabShapes() {
        let model = DeepLabV3Plus()
        model.eval()
        let x = Tensor.randn([1, 3, 64, 128])
        let (low, high) = noGrad { model.backbone.extract(x) }
        #expect(low.shape == [1, 24, 16, 32])  // stride 4
        #expect(high.shape == [1, 320, 4, 8])  // output stride 16
        #expect(noGrad { model(x) }.shape == [1, 19, 64, 128])
        // ASPP: 1×1 + three 3×3 + pooling branches at 256, projection 1280 → 256.
        #expect(model.aspp.branches.count == 4 && model.aspp.project.parameters()[0].shape == [256, 1280, 1, 1])
        #expect(model.lowLevel.parameters()[0].shape == [48, 24, 1, 1])
    }

    @Test func unetShapes() {
        let model = UNet(width: 4)
        #expect(noGrad { model(Tensor.randn([2, 3, 32, 64])) }.shape == [2, 19, 32, 64])
    }

    /// The ImageNet weights load into the dilated backbone; before the first dilated block
    /// (features.0-13) it computes exactly what the library's MobileNetV2 computes.
    @Test(.enabled(if: hasImageNetWeights)) func imageNetBackboneMatchesMobileNetV2() throws {
        let backbone = DilatedMobileNetV2()
        try backbone.loadImageNet(from: imageNetWeightsURL)
        let reference = MobileNetV2()
        try reference.loadPyTorch(from: imageNetWeightsURL)
        backbone.eval(); reference.eval()
        Random.seed(2)
        let x = Tensor.randn([1, 3, 64, 64])
        let ours = noGrad { Sequential(Array(backbone.features.layers.prefix(14)))(x) }
        let theirs = noGrad { Sequential(Array(reference.features.layers.prefix(14)))(x) }
        try checkClose(ours, theirs, rtol: 1e-5, atol: 1e-5, "features.0-13")
        #expect(noGrad { backbone(x) }.shape == [1, 320, 4, 4])
    }

    /// DeepLab's bilinear upsampling of logits (align_corners=False) against F.interpolate.
    @Test func decoderUpsamplingMatchesPyTorch() throws {
        let f = try p04Fixture()
        let y = upsample(try f.tensor("decoder.input"), size: SpatialSize([16, 32]), mode: .bilinear, alignCorners: false)
        try checkClose(y, try f.tensor("decoder.output"), rtol: 1e-5, atol: 1e-6, "upsampled logits")
    }

    @Test func maskedDiceIgnoresVoidPixels() {
        let logits = Tensor([5, -5, 5, -5, -5, 5, -5, 5], shape: [1, 2, 2, 2])  // predicts class 0 left, 1 right
        let labels = Tensor(ints: [0, 1, 255, 255], shape: [1, 2, 2])
        let perfect = maskedDiceLoss(logits.softmax(axis: 1), labels: labels, smooth: 0).item
        #expect(perfect < 0.01)
        let wrong = maskedDiceLoss(logits.softmax(axis: 1), labels: Tensor(ints: [1, 0, 255, 255], shape: [1, 2, 2]), smooth: 0).item
        #expect(wrong > 0.9)
    }

    /// A trained model written by `train` loads back; another file is refused with a clear error.
    @Test func trainedModelRoundTrip() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = UNet()
        try model.save(to: folder.appendingPathComponent("m.safetensors"), metadata: ["model": "unet", "height": "32", "width": "64"])
        let loaded = try TrainedModel.load(folder.appendingPathComponent("m.safetensors"))
        #expect(loaded.kind == .unet && loaded.height == 32)
        try UNet().save(to: folder.appendingPathComponent("bad.safetensors"), metadata: ["model": "deeplab", "height": "32", "width": "64"])
        #expect(throws: P04Error.self) { try TrainedModel.load(folder.appendingPathComponent("bad.safetensors")) }
        #expect(throws: P04Error.self) { try TrainedModel.load(folder.appendingPathComponent("none.safetensors")) }
    }
}

@Suite struct MetricTests {
    @Test func confusionMatrixMatchesTheReference() throws {
        let f = try p04Fixture()
        var m = ConfusionMatrix(classes: 6)
        m.add(predictions: try f.values("miou.predictions").map { Int($0) }, targets: try f.values("miou.targets").map { Int($0) }, ignoreIndex: 255)
        try checkClose(m.iou, try f.values("miou.iou").map { $0 < 0 ? .nan : $0 }, rtol: 1e-12, atol: 0, "IoU")
        try checkClose([m.meanIoU, m.pixelAccuracy], try f.values("miou.mean") + f.values("miou.pixel_accuracy"), rtol: 1e-12, atol: 0, "mIoU, accuracy")
        #expect(resultTable(m).contains("mIoU"))
    }
}
