import DeepLearning
import Foundation
import Testing
@testable import P04

/// A reduced run of the real pipeline: a narrow U-Net on 96 rendered scenes at 32×64
/// for a few seconds, scored on 16 scenes of the held-out town.
@Suite struct ThresholdTests {
    @Test func smallUNetLearnsTheStreet() throws {
        let train = renderedScenes(.train, count: 96, height: 32, width: 64)
        let val = renderedScenes(.val, count: 16, height: 32, width: 64)
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        Random.seed(1)
        let model = UNet(width: 8, levels: 3)
        let optimizer = Adam(model.parameters(), lr: 3e-3)
        for epoch in 0..<10 {
            var generator = Generator(seed: UInt64(epoch))
            let order = stableShuffle(train.count, using: &generator)
            for step in 0..<(train.count / 8) {
                let (x, y) = batch(train, Array(order[step * 8..<(step + 1) * 8]))
                optimizer.zeroGrad()
                segmentationLoss(model(x), labels: y, diceWeight: 0.5).backward()
                optimizer.step()
            }
        }
        let m = confusion(of: model, on: val, batchSize: 8)
        print("threshold run: held-out mIoU \(m.meanIoU), pixel accuracy \(m.pixelAccuracy), IoU \(m.iou)")
        // Measured: pixel accuracy 0.69, road IoU 0.70, mIoU 0.25 (an untrained network: about 0.1, 0.1, 0.01).
        #expect(m.pixelAccuracy > 0.6)
        #expect(m.iou[SceneClass.road.rawValue] > 0.5)
        #expect(m.meanIoU > 0.2)
    }
}
