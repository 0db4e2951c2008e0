/// P01-E05 · Grad-CAM from activations and gradients. Docs/P01.md#p01-e05
///
/// `activations` A and `gradients` ∂y/∂A of one image, both [channels, height, width]
/// flattened channel-major. Weigh each channel by its mean gradient α_c = (1/hw) Σ ∂y/∂A_c,
/// sum α_c·A_c over channels, keep the positive part (ReLU) and divide by the maximum so
/// the map lies in [0, 1] (leave an all-zero map as it is). Returns [height·width].
public func gradCAM(activations: [Float], gradients: [Float], channels: Int, height: Int, width: Int) throws -> [Float] {
    precondition(
        activations.count == channels * height * width && gradients.count == activations.count,
        "gradCAM: expected \(channels)×\(height)×\(width) values")
    // BEGIN SOLUTION
    let plane = height * width
    var cam = [Float](repeating: 0, count: plane)
    for c in 0..<channels {
        let alpha = gradients[c * plane..<(c + 1) * plane].reduce(0, +) / Float(plane)
        for p in 0..<plane { cam[p] += alpha * activations[c * plane + p] }
    }
    cam = cam.map { max($0, 0) }
    let top = cam.max() ?? 0
    return top > 0 ? cam.map { $0 / top } : cam
    // END SOLUTION
}
