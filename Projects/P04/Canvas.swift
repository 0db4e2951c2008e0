import DeepLearning
import Foundation

/// An image and its label map drawn together: every surface paints its colour and its
/// train id into the same pixels, so the labels are exact by construction. Surfaces are
/// drawn far to near (the painter's algorithm), which gives occlusion.
struct Canvas {
    let camera: Camera
    var width: Int { camera.width }
    var height: Int { camera.height }
    /// RGB in [0, 1], interleaved.
    var rgb: [Float]
    /// Train ids.
    var labels: [UInt8]
    /// Distance of the surface in each pixel (metres), for haze.
    var depth: [Float]

    init(camera: Camera) {
        self.camera = camera
        rgb = [Float](repeating: 0, count: 3 * camera.width * camera.height)
        labels = [UInt8](repeating: UInt8(Cityscapes.ignore), count: camera.width * camera.height)
        depth = [Float](repeating: 1e4, count: camera.width * camera.height)
    }

    @inline(__always)
    mutating func paint(_ x: Int, _ y: Int, _ color: (Float, Float, Float), _ label: SceneClass, depth z: Double) {
        let p = y * width + x
        rgb[3 * p] = color.0; rgb[3 * p + 1] = color.1; rgb[3 * p + 2] = color.2
        labels[p] = UInt8(label.rawValue)
        depth[p] = Float(z)
    }

    /// A vertical rectangle in the world standing on the ground line from `a` to `b`
    /// (X, Z in metres), from `bottom` to `top` metres above the road: a facade, the
    /// back or side of a car, a pole. `shade(u, v)` gives the colour at u metres along
    /// the face and v metres up, or nil for a hole (a window that shows what is behind).
    mutating func verticalFace(
        from a: (x: Double, z: Double), to b: (x: Double, z: Double), bottom: Double, top: Double,
        label: SceneClass, shade: (Double, Double) -> (Float, Float, Float)?
    ) {
        let near = 0.8
        guard a.z > near, b.z > near else { return }
        let pa = camera.project(x: a.x, y: 0, z: a.z), pb = camera.project(x: b.x, y: 0, z: b.z)
        let (left, right) = pa.x <= pb.x ? (a, b) : (b, a)
        let (xl, xr) = (min(pa.x, pb.x), max(pa.x, pb.x))
        let length = ((b.x - a.x) * (b.x - a.x) + (b.z - a.z) * (b.z - a.z)).squareRoot()
        let flip = pa.x > pb.x
        guard xr > 0, xl < Double(width) else { return }
        for px in clampedRange(xl.rounded(.down), xr.rounded(.up), limit: width) {
            let centre = Double(px) + 0.5
            guard centre >= xl, centre < max(xr, xl + 1) else { continue }
            // Perspective-correct position along the face: 1/Z is linear on the screen.
            let t = xr - xl < 1e-9 ? 0.5 : (centre - xl) / (xr - xl)
            let inverseZ = (1 - t) / left.z + t / right.z
            let z = 1 / inverseZ
            let s = t / right.z / inverseZ
            let u = (flip ? 1 - s : s) * length
            let yTop = camera.horizon + camera.focal * (camera.mountHeight - top) / z
            let yBottom = camera.horizon + camera.focal * (camera.mountHeight - bottom) / z
            for py in clampedRange(yTop.rounded(.down), yBottom.rounded(.up), limit: height) {
                let row = Double(py) + 0.5
                guard row >= yTop, row < yBottom else { continue }
                let v = camera.worldHeight(py: row, z: z)
                if let color = shade(u, v) { paint(px, py, color, label, depth: z) }
            }
        }
    }

    /// A flat picture facing the camera at distance `z`, centred on `x`, standing from
    /// `bottom` to `top` metres: a pedestrian, a tree crown, a sign. `shade(s, t)` gets
    /// s, t in [0, 1] (left to right, bottom to top) and returns nil outside the shape.
    mutating func sprite(
        x: Double, z: Double, width w: Double, bottom: Double, top: Double, label: SceneClass,
        shade: (Double, Double) -> (Float, Float, Float)?
    ) {
        guard z > 0.8 else { return }
        let (x0, y0) = camera.project(x: x - w / 2, y: top, z: z)
        let (x1, y1) = camera.project(x: x + w / 2, y: bottom, z: z)
        guard x1 > 0, x0 < Double(width), y1 > 0, y0 < Double(height) else { return }
        for py in clampedRange(y0.rounded(.down), y1.rounded(.up), limit: height) {
            let t = 1 - (Double(py) + 0.5 - y0) / (y1 - y0)
            guard t >= 0, t <= 1 else { continue }
            for px in clampedRange(x0.rounded(.down), x1.rounded(.up), limit: width) {
                let s = (Double(px) + 0.5 - x0) / (x1 - x0)
                guard s >= 0, s <= 1 else { continue }
                if let color = shade(s, t) { paint(px, py, color, label, depth: z) }
            }
        }
    }
}

/// The pixel indices from `low` to `high` inside 0..<limit (empty when they miss it).
func clampedRange(_ low: Double, _ high: Double, limit: Int) -> Range<Int> {
    let lo = Int(max(0, min(Double(limit), low))), hi = Int(max(0, min(Double(limit - 1), high)))
    return lo <= hi ? lo..<(hi + 1) : 0..<0
}
