import DeepLearning
import Foundation

/// Generated pictures for the detection and segmentation sections: flat shapes on a
/// background, with their exact boxes and masks.
enum ShapeKind: Int, CaseIterable {
    case square = 1, disc = 2
    var name: String { self == .square ? "square" : "disc" }

    /// Whether pixel (x, y) lies inside the shape drawn in `box`.
    func contains(_ box: Box, x: Double, y: Double) -> Bool {
        switch self {
        case .square:
            return x >= box.x1 && x < box.x2 && y >= box.y1 && y < box.y2
        case .disc:
            let (dx, dy) = ((x - box.centerX) / (box.width / 2), (y - box.centerY) / (box.height / 2))
            return dx * dx + dy * dy <= 1
        }
    }
}

struct SceneObject {
    let kind: ShapeKind
    let box: Box
    let color: [Double]
}

/// A colour picture [3, size, size] of `objects` on a light background with a little noise.
func renderScene(_ objects: [SceneObject], size: Int, noise: Double, generator: inout Generator) -> Tensor {
    var pixels = [Double](repeating: 0, count: 3 * size * size)
    for y in 0..<size {
        for x in 0..<size {
            var color = [0.85, 0.85, 0.8]
            for object in objects where object.kind.contains(object.box, x: Double(x) + 0.5, y: Double(y) + 0.5) { color = object.color }
            for c in 0..<3 { pixels[(c * size + y) * size + x] = min(1, max(0, color[c] + noise * generator.normal())) }
        }
    }
    return Tensor(pixels, shape: [3, size, size], dtype: .float32)
}

/// The detection scene of section 4: three objects on a 128×128 picture.
func detectionScene() -> (image: Tensor, objects: [SceneObject]) {
    let objects = [
        SceneObject(kind: .square, box: Box(x1: 14, y1: 18, x2: 50, y2: 50), color: [0.85, 0.2, 0.2]),
        SceneObject(kind: .disc, box: Box(x1: 70, y1: 10, x2: 118, y2: 58), color: [0.2, 0.55, 0.25]),
        SceneObject(kind: .square, box: Box(x1: 40, y1: 70, x2: 104, y2: 100), color: [0.2, 0.3, 0.8]),
    ]
    var generator = Generator(seed: 4)
    return (renderScene(objects, size: 128, noise: 0.03, generator: &generator), objects)
}

/// A segmentation dataset: grey 32×32 pictures with a square and a disc (or one of them)
/// of random size and place; targets are [32, 32] class maps (0 background, 1 square, 2 disc).
func shapesSegmentationData(count: Int, seed: UInt64, size: Int = 32) -> TensorDataset {
    var generator = Generator(seed: seed)
    var images: [Double] = [], labels: [Int] = []
    for _ in 0..<count {
        var objects: [SceneObject] = []
        for kind in ShapeKind.allCases where generator.uniform() < 0.85 || objects.isEmpty && kind == .disc {
            let side = 8 + Double(Int(generator.uniform() * 10))
            let x = Double(Int(generator.uniform() * (Double(size) - side))), y = Double(Int(generator.uniform() * (Double(size) - side)))
            objects.append(SceneObject(kind: kind, box: Box(x: x, y: y, width: side, height: side), color: [0.2, 0.2, 0.2]))
        }
        let picture = renderScene(objects, size: size, noise: 0.1, generator: &generator)
        images += picture.slice(axis: 0, start: 0, end: 1).doubles.map { $0 - 0.5 }
        for y in 0..<size {
            for x in 0..<size {
                let hit = objects.last { $0.kind.contains($0.box, x: Double(x) + 0.5, y: Double(y) + 0.5) }
                labels.append(hit?.kind.rawValue ?? 0)
            }
        }
    }
    return TensorDataset(
        inputs: Tensor(images, shape: [count, 1, size, size], dtype: .float32),
        targets: Tensor(ints: labels, shape: [count, size, size]))
}
