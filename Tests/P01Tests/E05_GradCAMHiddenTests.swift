import DeepLearning
import Testing
@testable import P01

@Suite struct P01_E05_Hidden {
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
            #expect(map.count == h * w)
            #expect(zip(map, reference.maps[i]).allSatisfy { abs($0 - $1) < 1e-5 })
        }
        #expect(try gradCAM(activations: [1, 2], gradients: [-1, -1], channels: 1, height: 1, width: 2) == [0, 0])
    }
}
