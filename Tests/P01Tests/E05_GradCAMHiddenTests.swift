import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import P01

@Suite(.exercise("P01-E05")) struct P01_E05_Hidden {
    /// The maps `eval` draws, from the small CNN's last feature maps and their gradients.
    @Test func matchesTheEvalGradCAM() throws {
        Random.seed(5)
        let model = smallCNN(classes: 2)
        model.eval()
        let x = Tensor.randn([2, 1, 32, 32])
        let reference = try GradCAM.maps(model, images: x, target: 1)
        let (features, head) = try GradCAM.parts(model)
        let a = noGrad { features(x) }.detach()
        a.requiresGrad = true
        head(a).slice(axis: 1, start: 1, end: 2).sum().backward()
        let (c, h, w) = (a.shape[1], a.shape[2], a.shape[3])
        for i in 0..<2 {
            let map = try gradCAM(activations: a[i].scalars, gradients: a.grad![i].scalars, channels: c, height: h, width: w)
            try checkClose(map.map(Double.init), reference.maps[i].map(Double.init), rtol: 0, atol: 1e-5, "Grad-CAM map \(i)")
        }
        try checkClose(
            try gradCAM(activations: [1, 2], gradients: [-1, -1], channels: 1, height: 1, width: 2).map(Double.init), [0, 0],
            rtol: 0, atol: 0, "map with only negative evidence")
    }
}
