import Tensors
import Testing
import Workbook
@testable import Vision

@Suite struct IoUTests {
    @Test(arguments: [(IoUKind.iou, "iou"), (.generalized, "giou"), (.distance, "diou"), (.complete, "ciou")])
    func pairwiseMatchesTorchvision(kind: IoUKind, key: String) throws {
        let f = try JSONFixture.load("iou", from: .module)
        let result = pairwiseBoxIoU(f["a"].tensor(), f["b"].tensor(), kind: kind)
        #expect(result.shape == [5, 4])
        #expect(maxAbsDifference(result.doubles, f[key].doubles) < 1e-12)
    }

    @Test func float32InputsGiveFloat32Results() throws {
        let f = try JSONFixture.load("iou", from: .module)
        let result = boxIoU(f["a"].tensor().to(.float32), f["b"].tensor().to(.float32))
        #expect(result.dtype == .float32)
        #expect(maxAbsDifference(result.doubles, f["iou"].doubles) < 1e-5)
    }

    @Test(arguments: ["giou_loss", "diou_loss", "ciou_loss"])
    func lossesAndGradientsMatchTorchvision(key: String) throws {
        let loss = [
            "giou_loss": generalizedBoxIoULoss, "diou_loss": distanceBoxIoULoss, "ciou_loss": completeBoxIoULoss,
        ][key]!
        let f = try JSONFixture.load("iou", from: .module)
        let pred = Tensor(f["pred"].doubles, shape: [6, 4], dtype: .float64, requiresGrad: true)
        let target = Tensor(f["target"].doubles, shape: [6, 4], dtype: .float64, requiresGrad: true)
        let weights = Tensor([1, 2, 3, 4, 5, 6], shape: [6], dtype: .float64)
        let value = loss(pred, target, 1e-7)
        #expect(maxAbsDifference(value.doubles, f[key].doubles) < 1e-12)
        (value * weights).sum().backward()
        #expect(maxAbsDifference(try #require(pred.grad).doubles, f[key + "_grad_pred"].doubles) < 1e-12)
        #expect(maxAbsDifference(try #require(target.grad).doubles, f[key + "_grad_target"].doubles) < 1e-12)
    }

    @Test(arguments: [IoUKind.iou, .generalized, .distance])
    func lossGradientsMatchFiniteDifferences(kind: IoUKind) throws {
        // Overlapping pairs away from ties, so the loss is smooth around them.
        let pred = Tensor([0, 0, 10, 8, 3, 4, 9, 14, 20, 21, 35, 30], shape: [3, 4], dtype: .float64)
        let target = Tensor([2, 1, 11, 10, 1, 2, 8, 11, 22, 18, 31, 33], shape: [3, 4], dtype: .float64)
        let f = { (p: Tensor) in (1 - elementwiseBoxIoU(p, target, kind: kind)).sum() }
        #expect(gradientError(of: f, at: pred, h: 1e-4) < 1e-7)
    }

    @Test func completeIoUGradientTreatsAlphaAsConstant() {
        // CIoU = DIoU - α·v with α = v / (1 - IoU + v + eps) carrying no gradient: its gradient is the
        // finite-difference gradient of DIoU - α₀·v with α₀ frozen at the evaluation point.
        let pred = Tensor([0, 0, 10, 8, 3, 4, 9, 14], shape: [2, 4], dtype: .float64)
        let target = Tensor([2, 1, 11, 10, 1, 2, 8, 11], shape: [2, 4], dtype: .float64)
        let aspect = { (p: Tensor) -> Tensor in
            let (a, b) = (Corners(p, op: "test"), Corners(target, op: "test"))
            let angle = (a.width / a.height).atan() - (b.width / b.height).atan()
            return angle * angle * (4 / (Double.pi * Double.pi))
        }
        let alpha = noGrad { aspect(pred) / (1 - elementwiseBoxIoU(pred, target) + aspect(pred) + 1e-7) }
        let frozen = { (p: Tensor) in (elementwiseBoxIoU(p, target, kind: .distance) - alpha * aspect(p)).sum() }
        let ciou = { (p: Tensor) in elementwiseBoxIoU(p, target, kind: .complete).sum() }
        #expect(abs(ciou(pred).item - frozen(pred).item) < 1e-12)
        let leaf = Tensor(pred.doubles, shape: pred.shape, dtype: .float64, requiresGrad: true)
        let analytic = autogradGradients(of: { ciou($0[0]) }, at: [leaf])[0]!
        #expect(relativeError(analytic.doubles, numericalGradient(of: frozen, at: pred, h: 1e-4).doubles) < 1e-7)
    }

    @Test func elementwiseIsTheDiagonalOfPairwise() throws {
        let f = try JSONFixture.load("iou", from: .module)
        let a = f["a"].tensor().slice(axis: 0, end: 4), b = f["b"].tensor()
        for kind in IoUKind.allCases {
            let pairwise = pairwiseBoxIoU(a, b, kind: kind).doubles
            let diagonal = (0..<4).map { pairwise[$0 * 4 + $0] }
            // The elementwise form also adds eps = 1e-7 to the IoU denominators: a change below 1e-9 here.
            #expect(maxAbsDifference(elementwiseBoxIoU(a, b, kind: kind).doubles, diagonal) < 1e-9)
        }
    }

    @Test func shapeErrorsNameTheOp() async {
        await #expect(processExitsWith: .failure) {
            _ = pairwiseBoxIoU(Tensor.zeros([3, 4]), Tensor.zeros([2, 5]))
        }
    }
}
