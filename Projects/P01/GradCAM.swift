import DeepLearning
import Foundation

/// Grad-CAM (Selvaraju et al., 2017): where the network looked for the class it scored.
/// With A the last convolutional feature maps [C, h, w] and y the class score,
/// α_c = mean over h·w of ∂y/∂A_c, and the map is ReLU(Σ_c α_c A_c), scaled to [0, 1].
enum GradCAM {
    /// The model as (convolutional part → feature maps, rest → logits).
    static func parts(_ model: Module) throws -> (features: Module, head: Module) {
        if let m = model as? MobileNetV2 { return (m.features, Sequential([m.avgpool, Flatten(), m.classifier])) }
        if let s = model as? Sequential, let pool = s.layers.firstIndex(where: { $0 is AdaptiveAvgPool2d }) {
            return (Sequential(Array(s.layers[..<pool])), Sequential(Array(s.layers[pool...])))
        }
        throw P01Error.badInput("Grad-CAM needs a MobileNetV2 or a Sequential with global pooling, got \(type(of: model))")
    }

    /// Heat maps [N][h·w] in [0, 1] (and h, w) for class `target` of images [N, 1, H, W].
    static func maps(_ model: Module, images x: Tensor, target: Int) throws -> (maps: [[Float]], height: Int, width: Int) {
        let (features, head) = try parts(model)
        model.eval()
        let a = noGrad { features(x) }.detach()
        a.requiresGrad = true
        head(a).slice(axis: 1, start: target, end: target + 1).sum().backward()
        guard let g = a.grad else { throw P01Error.badInput("Grad-CAM: no gradient reached the feature maps") }
        let (n, c, h, w) = (a.shape[0], a.shape[1], a.shape[2], a.shape[3])
        let (av, gv) = (a.scalars, g.scalars)
        var out: [[Float]] = []
        for i in 0..<n {
            var cam = [Float](repeating: 0, count: h * w)
            for ch in 0..<c {
                let base = (i * c + ch) * h * w
                let alpha = gv[base..<base + h * w].reduce(0, +) / Float(h * w)
                for p in 0..<h * w { cam[p] += alpha * av[base + p] }
            }
            cam = cam.map { max($0, 0) }
            let top = cam.max() ?? 0
            out.append(top > 0 ? cam.map { $0 / top } : cam)
        }
        return (out, h, w)
    }

    /// The grey cell with the heat map laid over it in red: an RGB image [3, size, size] in [0, 1].
    static func overlay(cell pixels: [Float], size: Int, map: [Float], height: Int, width: Int) -> Tensor {
        let up = resize(Tensor(map, shape: [1, height, width]), height: size, width: size).scalars
        let plane = size * size
        var rgb = [Float](repeating: 0, count: 3 * plane)
        for p in 0..<plane {
            let heat = 0.6 * min(max(up[p], 0), 1), g = pixels[p] * (1 - heat)
            (rgb[p], rgb[plane + p], rgb[2 * plane + p]) = (g + heat, g, g)
        }
        return Tensor(rgb, shape: [3, size, size])
    }
}
