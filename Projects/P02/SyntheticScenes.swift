import DeepLearning
import Foundation

// The generated detection set: six shape classes painted over crops of real photographs.
// What makes it hard enough to mean something:
//   - sizes from 8 px to half the image (log-uniform), aspect 0.6-1.6, any rotation
//   - up to 8 objects per image, painted in order, so later ones hide earlier ones;
//     an object less than 40% visible loses its label, one cut by the border keeps the
//     visible part's box (truncation)
//   - random colours with a shading gradient (some barely differ from the background)
//   - backgrounds: random crops of photos, flipped at random
//   - a 3×3 blur on a third of the images, Gaussian noise (σ up to 0.06) on all
// Each label box is the tight box of the object's whole silhouette inside the image
// (before occlusion), as annotators draw amodal boxes.

/// The object classes, in label order.
enum ShapeClass: Int, CaseIterable, Sendable {
    case disc, square, triangle, star, ring, cross

    var name: String { String(describing: self) }

    /// Whether the local point (u, v) in [-1, 1]² (after rotation) lies inside the shape.
    func contains(_ u: Double, _ v: Double) -> Bool {
        switch self {
        case .disc: return u * u + v * v <= 1
        case .square: return abs(u) <= 0.9 && abs(v) <= 0.9
        case .triangle: return v <= 0.85 && v >= -1 + 2 * abs(u) * 0.93
        case .star:
            let r = (u * u + v * v).squareRoot(), angle = atan2(v, u) + .pi / 2
            let phase = (angle / (2 * .pi / 5)).truncatingRemainder(dividingBy: 1)
            let spike = abs(phase - 0.5) * 2  // 1 at a tip, 0 between tips
            return r <= 0.42 + 0.58 * spike
        case .ring:
            let r2 = u * u + v * v
            return r2 <= 1 && r2 >= 0.3
        case .cross: return (abs(u) <= 0.32 && abs(v) <= 0.95) || (abs(v) <= 0.32 && abs(u) <= 0.95)
        }
    }
}

/// One generated image with its labels (boxes in pixels).
struct Scene {
    var image: Tensor  // [3, size, size] in [0, 1]
    var labels: [Int]
    var boxes: [Box]
}

struct SceneGenerator {
    let size: Int
    /// Background photographs [3, H, W] in [0, 1], each at least `size` on its short side.
    let backgrounds: [Tensor]

    init(size: Int = 320, backgrounds: [Tensor]) {
        precondition(!backgrounds.isEmpty, "SceneGenerator: needs at least one background image")
        self.size = size
        self.backgrounds = backgrounds
    }

    /// A random crop of a random photo, resized to size × size and flipped at random.
    func background(using rng: inout Generator) -> [Float] {
        let photo = backgrounds[Int(rng.next() % UInt64(backgrounds.count))]
        let (h, w) = (photo.shape[1], photo.shape[2])
        let side = Swift.max(32, Int(Double(Swift.min(h, w)) * (0.35 + 0.65 * rng.uniform())))
        let top = Int(rng.next() % UInt64(h - side + 1)), left = Int(rng.next() % UInt64(w - side + 1))
        var crop = resize(DeepLearning.crop(photo, top: top, left: left, height: side, width: side), height: size, width: size)
        if rng.uniform() < 0.5 { crop = horizontalFlip(crop) }
        return crop.scalars
    }

    func scene(using rng: inout Generator) -> Scene {
        var pixels = background(using: &rng)
        let plane = size * size
        var owner = [Int](repeating: -1, count: plane)  // which object each pixel shows
        var silhouettes: [(label: Int, box: Box, area: Int)] = []
        let objects = 1 + Int(rng.next() % 8)
        for index in 0..<objects {
            let shape = ShapeClass.allCases[Int(rng.next() % UInt64(ShapeClass.allCases.count))]
            let long = exp(Foundation.log(8.0) + rng.uniform() * (Foundation.log(Double(size) / 2) - Foundation.log(8.0)))
            let aspect = 0.6 + rng.uniform()
            let (halfW, halfH) = aspect >= 1 ? (long / 2, long / 2 / aspect) : (long / 2 * aspect, long / 2)
            // Centres may lie a little outside the image: those objects are truncated.
            let cx = -0.1 * Double(size) + 1.2 * Double(size) * rng.uniform()
            let cy = -0.1 * Double(size) + 1.2 * Double(size) * rng.uniform()
            let angle = rng.uniform() * 2 * .pi
            let colour = (0..<3).map { _ in Float(rng.uniform()) }
            let shade = Float(0.4 * (rng.uniform() - 0.5))
            let reach = (halfW * halfW + halfH * halfH).squareRoot() + 1
            let (c, s) = (cos(angle), sin(angle))
            var (minX, minY, maxX, maxY, area) = (Int.max, Int.max, Int.min, Int.min, 0)
            // The rows and columns the shape can reach, inside the image (none when it lies outside).
            for y in stride(from: Swift.max(0, Int(cy - reach)), to: Swift.min(size, Int(cy + reach) + 1), by: 1) {
                for x in stride(from: Swift.max(0, Int(cx - reach)), to: Swift.min(size, Int(cx + reach) + 1), by: 1) {
                    let (dx, dy) = (Double(x) + 0.5 - cx, Double(y) + 0.5 - cy)
                    let u = (c * dx + s * dy) / halfW, v = (-s * dx + c * dy) / halfH
                    guard shape.contains(u, v) else { continue }
                    (minX, minY, maxX, maxY) = (Swift.min(minX, x), Swift.min(minY, y), Swift.max(maxX, x), Swift.max(maxY, y))
                    area += 1
                    owner[y * size + x] = index
                    let light = 1 + shade * Float(v)
                    for ch in 0..<3 { pixels[ch * plane + y * size + x] = Swift.min(1, colour[ch] * light) }
                }
            }
            let box = area > 0 ? Box(x1: Double(minX), y1: Double(minY), x2: Double(maxX + 1), y2: Double(maxY + 1)) : Box(x1: 0, y1: 0, x2: 0, y2: 0)
            silhouettes.append((shape.rawValue, box, area))
        }
        // Keep objects with at least 4 visible pixels that are at least 40% visible, and at least 4 px across.
        var visible = [Int](repeating: 0, count: objects)
        for o in owner where o >= 0 { visible[o] += 1 }
        var labels: [Int] = [], boxes: [Box] = []
        for (i, object) in silhouettes.enumerated()
        where object.area > 0 && visible[i] >= 4 && Double(visible[i]) >= 0.4 * Double(object.area) && object.box.width >= 4 && object.box.height >= 4 {
            labels.append(object.label)
            boxes.append(object.box)
        }
        if rng.uniform() < 1.0 / 3 { pixels = boxBlur(pixels) }
        let sigma = Float(0.06 * rng.uniform())
        for i in pixels.indices { pixels[i] = Swift.min(1, Swift.max(0, pixels[i] + sigma * Float(rng.normal()))) }
        return Scene(image: Tensor(pixels, shape: [3, size, size]), labels: labels, boxes: boxes)
    }

    /// A 3×3 mean filter on each channel (edges replicate).
    private func boxBlur(_ pixels: [Float]) -> [Float] {
        var out = pixels
        for ch in 0..<3 {
            let base = ch * size * size
            for y in 0..<size {
                for x in 0..<size {
                    var sum: Float = 0
                    for dy in -1...1 {
                        for dx in -1...1 {
                            sum += pixels[base + Swift.min(size - 1, Swift.max(0, y + dy)) * size + Swift.min(size - 1, Swift.max(0, x + dx))]
                        }
                    }
                    out[base + y * size + x] = sum / 9
                }
            }
        }
        return out
    }
}

/// Backgrounds for runs without the photographs (tests): smooth colour gradients with stripes.
func proceduralBackgrounds(count: Int, size: Int, seed: UInt64) -> [Tensor] {
    var rng = Generator(seed: seed)
    return (0..<count).map { _ in
        let a = (0..<3).map { _ in Float(rng.uniform()) }, b = (0..<3).map { _ in Float(rng.uniform()) }
        let period = Float(6 + rng.uniform() * 40)
        var values = [Float](repeating: 0, count: 3 * size * size)
        for ch in 0..<3 {
            for y in 0..<size {
                for x in 0..<size {
                    let t = Float(x + y) / Float(2 * size), stripe = 0.1 * sin(Float(y) / period * 6.28)
                    values[ch * size * size + y * size + x] = Swift.min(1, Swift.max(0, a[ch] * (1 - t) + b[ch] * t + stripe))
                }
            }
        }
        return Tensor(values, shape: [3, size, size])
    }
}
