import DeepLearning

/// Augmentation that respects the physics of an EL image: the cell is square and its
/// busbars symmetric, so the eight flips and quarter turns (the dihedral group) give valid
/// cells; the camera's exposure varies, so brightness and contrast change a little. No colour
/// jitter (one channel) and no large warps (cracks keep their width).
enum Augmentation {
    /// The `k`-th of the eight symmetries of a square `size`×`size` image (k = 0: identity;
    /// bit 0: mirror left-right, bits 1–2: quarter turns clockwise).
    static func dihedral(_ pixels: [Float], size: Int, _ k: Int) -> [Float] {
        if k % 8 == 0 { return pixels }
        var out = [Float](repeating: 0, count: pixels.count)
        let n = size - 1
        for r in 0..<size {
            for c in 0..<size {
                var (y, x) = (r, k & 1 == 1 ? n - c : c)
                for _ in 0..<((k >> 1) & 3) { (y, x) = (x, n - y) }
                out[y * size + x] = pixels[r * size + c]
            }
        }
        return out
    }

    /// Brightness factor b and contrast factor c about the image mean m: x′ = clamp(b·(m + c·(x − m))).
    static func exposure(_ pixels: [Float], brightness b: Float, contrast c: Float) -> [Float] {
        let mean = pixels.reduce(0, +) / Float(max(pixels.count, 1))
        return pixels.map { min(max(b * (mean + c * ($0 - mean)), 0), 1) }
    }

    /// A random symmetry and exposure change, drawn from `rng`.
    static func random(_ pixels: [Float], size: Int, using rng: inout Generator) -> [Float] {
        let k = Int(rng.next() % 8)
        let b = Float(0.9 + 0.2 * rng.uniform()), c = Float(0.9 + 0.2 * rng.uniform())
        return exposure(dihedral(pixels, size: size, k), brightness: b, contrast: c)
    }
}
