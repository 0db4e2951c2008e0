import DeepLearning
import Foundation

/// Light and weather over a drawn canvas: exposure, a dusk tint, haze that grows with
/// distance, rain streaks, sensor noise. They change the pixels, never the labels.
enum Weathering {
    static func apply(_ layout: SceneLayout, to canvas: Canvas, using g: inout Generator) -> Scene {
        var rgb = canvas.rgb
        let (w, h) = (canvas.width, canvas.height)
        let tint: (Float, Float, Float) =
            switch layout.weather {
            case .dusk: (1.05, 0.78, 0.6)
            case .rain: (0.8, 0.82, 0.86)
            default: (1, 1, 1)
            }
        let exposure = layout.brightness * (layout.weather == .dusk ? 0.7 : 1)
        let visibility: Float = layout.weather == .haze ? Float.random(in: 25...70, using: &g) : Float.random(in: 250...600, using: &g)
        let fog: (Float, Float, Float) = layout.weather == .dusk ? (0.7, 0.55, 0.5) : (0.78, 0.8, 0.82)
        for p in 0..<(w * h) {
            let haze = 1 - exp(-min(canvas.depth[p], 2_000) / visibility)
            let channels = [tint.0, tint.1, tint.2]
            let fogs = [fog.0, fog.1, fog.2]
            for c in 0..<3 {
                let lit = rgb[3 * p + c] * channels[c] * exposure
                rgb[3 * p + c] = lit * (1 - haze) + fogs[c] * exposure * haze
            }
        }
        if layout.weather == .rain {
            // Streaks: short bright slanted lines.
            let slant = Double.random(in: -0.3...0.3, using: &g)
            for _ in 0..<(w * h / 300) {
                let (x0, y0) = (g.uniform() * Double(w), g.uniform() * Double(h))
                let length = Double.random(in: 4...Double(max(6, h / 12)), using: &g)
                for step in 0..<Int(length) {
                    let (x, y) = (Int(x0 + slant * Double(step)), Int(y0 + Double(step)))
                    guard x >= 0, x < w, y < h else { break }
                    for c in 0..<3 { rgb[3 * (y * w + x) + c] = 0.65 * rgb[3 * (y * w + x) + c] + 0.35 * 0.85 }
                }
            }
        }
        var pixels = [UInt8](repeating: 0, count: rgb.count)
        for i in 0..<rgb.count {
            let noisy = rgb[i] + Float(g.normal()) * 0.015
            pixels[i] = UInt8(max(0, min(255, (noisy * 255).rounded())))
        }
        return Scene(width: w, height: h, pixels: pixels, labels: canvas.labels)
    }
}
