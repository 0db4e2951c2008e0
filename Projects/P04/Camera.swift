/// A pinhole camera `height` metres above a flat road, looking along it: the
/// projection that makes far things small and puts the road's vanishing point on the
/// horizon row.
///
///     x = cx + f·X / Z,    y = horizon + f·(height − Y) / Z
///
/// for a point X metres to the right, Y metres above the ground and Z metres ahead.
struct Camera {
    var width: Int, height: Int
    /// Focal length in pixels.
    var focal: Double
    /// The image row of the horizon (pitch moves it).
    var horizon: Double
    /// Metres above the road.
    var mountHeight: Double

    var cx: Double { Double(width) / 2 }

    /// The image position of a world point (Z > 0).
    func project(x: Double, y: Double, z: Double) -> (x: Double, y: Double) {
        (cx + focal * x / z, horizon + focal * (mountHeight - y) / z)
    }

    /// The ground point seen through pixel (px, py) below the horizon: (X, Z).
    func ground(px: Double, py: Double) -> (x: Double, z: Double)? {
        guard py > horizon + 0.5 else { return nil }
        let z = focal * mountHeight / (py - horizon)
        return ((px - cx) * z / focal, z)
    }

    /// The height above ground at row `py` on a vertical surface `z` metres away.
    func worldHeight(py: Double, z: Double) -> Double { mountHeight - (py - horizon) * z / focal }
}
