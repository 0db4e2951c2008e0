import DeepLearning

/// The random choices behind one street: camera, road, what stands beside it, the
/// weather. `SceneRenderer` turns a layout into pixels and labels.
struct SceneLayout {
    enum Roadside { case buildings, open }
    enum Weather: String { case clear, dusk, haze, rain }

    var camera: Camera
    var lanes: Int, laneWidth: Double
    /// Lateral position of the road's centre line at Z = 0, and its bend: centre(Z) = offset + bend·Z².
    var offset: Double, bend: Double
    /// Sidewalk widths and what lies beyond them, left (index 0) and right (index 1).
    var sidewalk: [Double], setback: [Double], roadside: [Roadside]
    /// A side street crossing at this distance (metres), with a zebra crossing before it.
    var crossing: Double?
    var weather: Weather
    var brightness: Float
    /// A building shadow over the road from one side: (side, edge offset from the road centre).
    var shadow: (side: Int, edge: Double)?
    var treeline: Bool

    var halfWidth: Double { Double(lanes) * laneWidth / 2 }
    func centre(_ z: Double) -> Double { offset + bend * z * z }
    /// −1 for the left side, +1 for the right.
    static func sign(_ side: Int) -> Double { side == 0 ? -1 : 1 }
    func isInCrossing(_ z: Double) -> Bool { crossing.map { abs(z - $0) < 5 } ?? false }

    init(width: Int, height: Int, split: SceneSplit, using g: inout Generator) {
        func u(_ a: Double, _ b: Double) -> Double { a + (b - a) * g.uniform() }
        camera = Camera(
            width: width, height: height, focal: Double(width) * u(0.7, 0.95), horizon: Double(height) * u(0.36, 0.5),
            mountHeight: u(1.3, 1.7))
        // Town layouts differ by split: the test town has wider roads and sharper bends.
        let wide = split == .val
        lanes = Int(u(2, wide ? 5 : 4))
        laneWidth = u(3.0, 3.6)
        let half = Double(lanes) * laneWidth / 2
        offset = u(-half + laneWidth / 2, half - laneWidth / 2)
        bend = u(-1, 1) * (wide ? 0.004 : 0.0025)
        sidewalk = [u(1.8, 4.5), u(1.8, 4.5)]
        setback = [g.uniform() < 0.5 ? 0 : u(0.5, 4), g.uniform() < 0.5 ? 0 : u(0.5, 4)]
        roadside = [g.uniform() < 0.75 ? .buildings : .open, g.uniform() < 0.75 ? .buildings : .open]
        crossing = g.uniform() < 0.5 ? u(14, 55) : nil
        let w = g.uniform()
        weather = w < 0.55 ? .clear : w < 0.72 ? .dusk : w < 0.87 ? .haze : .rain
        brightness = Float(u(0.6, 1.25))
        let side = Int(g.next() % 2)
        shadow = g.uniform() < 0.5 && roadside[side] == .buildings ? (side, u(-half, half + 2)) : nil
        treeline = g.uniform() < 0.6
    }
}
