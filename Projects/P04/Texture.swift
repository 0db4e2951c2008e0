import DeepLearning
import Foundation

/// An RGB picture in [0, 1] that surfaces sample with wrap-around: road, brick,
/// grass, clothing. Photographs give the scenes real image statistics; `noise`
/// makes a stand-in when the photos have not been prepared (tests, first runs).
struct Texture {
    let width: Int, height: Int
    /// Interleaved RGB, row-major.
    let rgb: [Float]

    /// The colour at (u, v) pixels, wrapping at the edges (nearest neighbour).
    @inline(__always)
    func sample(_ u: Double, _ v: Double) -> (Float, Float, Float) {
        var x = Int(u.rounded(.down)) % width, y = Int(v.rounded(.down)) % height
        if x < 0 { x += width }
        if y < 0 { y += height }
        let i = 3 * (y * width + x)
        return (rgb[i], rgb[i + 1], rgb[i + 2])
    }

    /// A crop of a photograph, grey photographs tinted by `tint` (a colour in [0, 1]),
    /// colour photographs mixed towards it by `tintWeight`.
    init(photo: PNGImage, columns: Range<Int>, tint: (Float, Float, Float), tintWeight: Float = 0) {
        let image = photo.converted(channels: 3)
        let columns = columns.clamped(to: 0..<image.width)
        width = columns.count
        height = image.height
        var rgb = [Float](repeating: 0, count: 3 * width * height)
        let grey = photo.channels < 3
        let tints = [tint.0, tint.1, tint.2]
        for y in 0..<height {
            for (cx, x) in columns.enumerated() {
                for c in 0..<3 {
                    let v = Float(image.pixels[3 * (y * image.width + x) + c]) / 255
                    rgb[3 * (y * width + cx) + c] = grey ? min(1, v * tints[c] * 1.6) : (1 - tintWeight) * v + tintWeight * tints[c] * v * 1.6
                }
            }
        }
        self.rgb = rgb
    }

    /// Smooth value noise around `base` with relative `contrast`: a texture with no photograph.
    static func noise(base: (Float, Float, Float), contrast: Float, seed: UInt64, size: Int = 64) -> Texture {
        var generator = Generator(seed: seed)
        let cells = 8
        let lattice = (0..<(cells * cells)).map { _ in Float(generator.uniform()) }
        let fine = (0..<(size * size)).map { _ in Float(generator.uniform()) }
        var rgb = [Float](repeating: 0, count: 3 * size * size)
        for y in 0..<size {
            for x in 0..<size {
                let fx = Float(x) / Float(size) * Float(cells), fy = Float(y) / Float(size) * Float(cells)
                let (x0, y0) = (Int(fx) % cells, Int(fy) % cells)
                let (x1, y1) = ((x0 + 1) % cells, (y0 + 1) % cells)
                let (tx, ty) = (fx - fx.rounded(.down), fy - fy.rounded(.down))
                let top = lattice[y0 * cells + x0] * (1 - tx) + lattice[y0 * cells + x1] * tx
                let bottom = lattice[y1 * cells + x0] * (1 - tx) + lattice[y1 * cells + x1] * tx
                let n = 0.7 * (top * (1 - ty) + bottom * ty) + 0.3 * fine[y * size + x]
                let factor = 1 + contrast * (2 * n - 1)
                for (c, b) in [base.0, base.1, base.2].enumerated() { rgb[3 * (y * size + x) + c] = min(1, max(0, b * factor)) }
            }
        }
        return Texture(width: size, height: size, rgb: rgb)
    }

    init(width: Int, height: Int, rgb: [Float]) {
        (self.width, self.height, self.rgb) = (width, height, rgb)
    }
}

/// The photographs a split draws its surfaces from. Train and test use different
/// halves of every photograph and different photographs for clothing and facades,
/// so the test scenes show textures the network never saw.
struct TextureSet {
    var road: [Texture], sidewalk: [Texture], facade: [Texture], vegetation: [Texture], terrain: [Texture], clothing: [Texture]

    /// The photographs `prepare` unpacks from scikit-image (CC0).
    static let photoNames = ["brick", "grass", "gravel", "coffee", "chelsea", "astronaut", "motorcycle_left", "motorcycle_right", "color", "ihc"]

    /// Textures from the photographs in `folder`, or procedural noise when they are missing.
    static func load(split: SceneSplit, folder: URL?) -> TextureSet {
        guard let folder,
            let photos = try? Dictionary(
                uniqueKeysWithValues: photoNames.map {
                    ($0, try PNGImage.read(folder.appendingPathComponent("\($0).png")))
                })
        else { return procedural(split: split) }
        func half(_ name: String) -> Range<Int> {
            let w = photos[name]!.width
            return split == .train ? 0..<(w / 2) : (w / 2)..<w
        }
        func tinted(_ name: String, _ tints: [(Float, Float, Float)], weight: Float = 0) -> [Texture] {
            tints.map { Texture(photo: photos[name]!, columns: half(name), tint: $0, tintWeight: weight) }
        }
        let clothingPhotos = split == .train ? ["coffee", "chelsea", "astronaut"] : ["motorcycle_left", "motorcycle_right", "ihc"]
        let facadePhoto = split == .train ? "color" : "coffee"
        return TextureSet(
            road: tinted("gravel", [(0.42, 0.42, 0.45), (0.36, 0.35, 0.36)]),
            sidewalk: tinted("brick", [(0.62, 0.58, 0.56), (0.55, 0.52, 0.6)]) + tinted("gravel", [(0.66, 0.63, 0.58)]),
            facade: tinted("brick", [(0.62, 0.38, 0.3), (0.55, 0.52, 0.48), (0.7, 0.62, 0.5)]) + tinted(facadePhoto, [(0.6, 0.6, 0.6)], weight: 0.6),
            vegetation: tinted("grass", [(0.25, 0.45, 0.15), (0.2, 0.38, 0.2)]),
            terrain: tinted("grass", [(0.55, 0.6, 0.3)]) + tinted("gravel", [(0.55, 0.5, 0.35)]),
            clothing: clothingPhotos.map { Texture(photo: photos[$0]!, columns: half($0), tint: (0.5, 0.5, 0.5)) })
    }

    /// Noise textures in the classes' usual colours (different seeds per split).
    static func procedural(split: SceneSplit) -> TextureSet {
        let s: UInt64 = split == .train ? 1 : 1_000
        return TextureSet(
            road: [Texture.noise(base: (0.4, 0.4, 0.42), contrast: 0.25, seed: s)],
            sidewalk: [Texture.noise(base: (0.6, 0.56, 0.55), contrast: 0.3, seed: s + 1)],
            facade: [Texture.noise(base: (0.6, 0.4, 0.32), contrast: 0.35, seed: s + 2), Texture.noise(base: (0.55, 0.55, 0.5), contrast: 0.3, seed: s + 3)],
            vegetation: [Texture.noise(base: (0.22, 0.42, 0.16), contrast: 0.5, seed: s + 4)],
            terrain: [Texture.noise(base: (0.55, 0.58, 0.3), contrast: 0.35, seed: s + 5)],
            clothing: [Texture.noise(base: (0.3, 0.3, 0.5), contrast: 0.5, seed: s + 6), Texture.noise(base: (0.6, 0.3, 0.2), contrast: 0.5, seed: s + 7)])
    }
}

enum SceneSplit: String, CaseIterable {
    case train, val
}
