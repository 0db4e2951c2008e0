import DeepLearning
import Foundation

/// A rendered street scene: 8-bit RGB pixels and a train id per pixel.
struct Scene {
    let width: Int, height: Int
    /// Interleaved RGB.
    let pixels: [UInt8]
    /// Cityscapes train ids (255 nowhere: every pixel is drawn).
    let labels: [UInt8]
}

/// Draws street scenes: sky, the ground (road with lane markings and zebra crossings,
/// sidewalks, grass), then buildings, trees, poles with signs, parked and moving cars
/// and pedestrians from far to near, then light and weather.
struct SceneRenderer {
    let textures: TextureSet
    let split: SceneSplit
    let width: Int, height: Int

    /// The scene of one seed (the same seed draws the same scene).
    func render(seed: UInt64) -> Scene {
        var g = Generator(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ (split == .train ? 0 : 0x5151))
        let layout = SceneLayout(width: width, height: height, split: split, using: &g)
        var canvas = Canvas(camera: layout.camera)
        drawSky(&canvas, layout, using: &g)
        drawGround(&canvas, layout, using: &g)
        var objects: [(z: Double, draw: (inout Canvas) -> Void)] = []
        if layout.treeline { objects.append(treeline(layout, using: &g)) }
        for side in 0..<2 {
            objects += layout.roadside[side] == .buildings ? buildings(layout, side: side, using: &g) : openGround(layout, side: side, using: &g)
            objects += trees(layout, side: side, using: &g)
            objects += poles(layout, side: side, using: &g)
            objects += parkedCars(layout, side: side, using: &g)
            objects += pedestrians(layout, side: side, using: &g)
        }
        objects += movingCars(layout, using: &g)
        objects += crossingPedestrians(layout, using: &g)
        for object in objects.sorted(by: { $0.z > $1.z }) { object.draw(&canvas) }
        return Weathering.apply(layout, to: canvas, using: &g)
    }

    // MARK: Sky and ground

    func drawSky(_ canvas: inout Canvas, _ layout: SceneLayout, using g: inout Generator) {
        let (horizonColor, zenith): ((Float, Float, Float), (Float, Float, Float)) =
            switch layout.weather {
            case .dusk: ((0.95, 0.62, 0.38), (0.28, 0.3, 0.5))
            case .rain, .haze: ((0.72, 0.73, 0.75), (0.55, 0.57, 0.6))
            case .clear: ((0.78, 0.85, 0.92), (0.32, 0.52, 0.85))
            }
        let clouds = Texture.noise(base: (1, 1, 1), contrast: 1, seed: g.next(), size: 64)
        let cover = Float(g.uniform()) * 0.6
        let horizon = max(1, layout.camera.horizon)
        for y in 0..<min(canvas.height, Int(horizon.rounded(.up)) + 1) {
            let t = Float(min(1, Double(y) / horizon))
            for x in 0..<canvas.width {
                let cloud = max(0, clouds.sample(Double(x) * 0.5, Double(y) * 1.2).0 - 0.5) * 2 * cover
                let c = (zenith.0 * (1 - t) + horizonColor.0 * t, zenith.1 * (1 - t) + horizonColor.1 * t, zenith.2 * (1 - t) + horizonColor.2 * t)
                canvas.paint(x, y, (c.0 + (0.95 - c.0) * cloud, c.1 + (0.95 - c.1) * cloud, c.2 + (0.95 - c.2) * cloud), .sky, depth: 1e4)
            }
        }
    }

    func drawGround(_ canvas: inout Canvas, _ layout: SceneLayout, using g: inout Generator) {
        let road = textures.road[Int(g.next() % UInt64(textures.road.count))]
        let walk = textures.sidewalk[Int(g.next() % UInt64(textures.sidewalk.count))]
        let grass = textures.terrain[Int(g.next() % UInt64(textures.terrain.count))]
        let dashLength = 3.0, dashPeriod = Double.random(in: 8...12, using: &g)
        let half = layout.halfWidth
        let scale = 40.0  // texture pixels per metre
        for py in 0..<canvas.height {
            for px in 0..<canvas.width {
                guard let (x, z) = layout.camera.ground(px: Double(px) + 0.5, py: Double(py) + 0.5), z < 2_000 else { continue }
                let d = x - layout.centre(z)
                let side = d < 0 ? 0 : 1
                let across = abs(d)
                var color: (Float, Float, Float), label: SceneClass
                if across < half || (layout.isInCrossing(z) && across < half + layout.sidewalk[side] + layout.setback[side] + 30) {
                    color = road.sample(d * scale, z * scale)
                    label = .road
                    // Lane lines: dashed between lanes, solid at the edges; zebra stripes before a crossing.
                    let lane = (d + half) / layout.laneWidth
                    let nearLine = abs(lane - lane.rounded()) * layout.laneWidth < 0.08
                    let edge = abs(across - half + 0.3) < 0.08
                    let dashed = (z.truncatingRemainder(dividingBy: dashPeriod)) < dashLength
                    let zebra =
                        layout.crossing.map { z > $0 - 9 && z < $0 - 6 && (d + 50).truncatingRemainder(dividingBy: 1.0) < 0.5 && across < half } ?? false
                    if (nearLine && dashed && across < half - 0.5) || edge || zebra {
                        color = (0.85 * color.0 + 0.6, 0.85 * color.1 + 0.6, 0.85 * color.2 + 0.58)
                    }
                } else if across < half + layout.sidewalk[side] {
                    color = walk.sample(d * scale, z * scale)
                    label = .sidewalk
                    if across < half + 0.2 { color = (color.0 * 1.2 + 0.1, color.1 * 1.2 + 0.1, color.2 * 1.2 + 0.1) }  // the kerb
                } else {
                    color = grass.sample(d * scale, z * scale)
                    label = .terrain
                }
                if let shadow = layout.shadow, SceneLayout.sign(shadow.side) * d > shadow.edge {
                    color = (color.0 * 0.5, color.1 * 0.52, color.2 * 0.6)
                }
                canvas.paint(px, py, (min(color.0, 1), min(color.1, 1), min(color.2, 1)), label, depth: z)
            }
        }
    }

    // MARK: Roadside

    /// A line of distant trees on the horizon.
    func treeline(_ layout: SceneLayout, using g: inout Generator) -> (z: Double, draw: (inout Canvas) -> Void) {
        let leaves = textures.vegetation[Int(g.next() % UInt64(textures.vegetation.count))]
        let z = 300.0, base = Double.random(in: 6...14, using: &g), phase = g.uniform() * 10
        return (
            z,
            { canvas in
                canvas.verticalFace(from: (-900, z), to: (900, z), bottom: 0, top: base + 8, label: .vegetation) { u, v in
                    let top = base + 3 * sin(u * 0.08 + phase) + 2 * sin(u * 0.31 + 2 * phase)
                    return v < top ? leaves.sample(u * 6, v * 6) : nil
                }
            }
        )
    }

    func buildings(_ layout: SceneLayout, side: Int, using g: inout Generator) -> [(z: Double, draw: (inout Canvas) -> Void)] {
        var out: [(z: Double, draw: (inout Canvas) -> Void)] = []
        let s = SceneLayout.sign(side)
        let lateral = layout.halfWidth + layout.sidewalk[side] + layout.setback[side]
        var z = Double.random(in: 0...6, using: &g)
        while z < 170 {
            let length = Double.random(in: 8...30, using: &g)
            let heightM = Double.random(in: 5...28, using: &g)
            let facade = textures.facade[Int(g.next() % UInt64(textures.facade.count))]
            let windowW = Double.random(in: 1...1.8, using: &g), windowH = Double.random(in: 1.2...1.8, using: &g)
            let floor = Double.random(in: 2.8...3.6, using: &g), bay = windowW + Double.random(in: 1...2.5, using: &g)
            let glass: (Float, Float, Float) = (
                Float.random(in: 0.15...0.35, using: &g), Float.random(in: 0.2...0.35, using: &g), Float.random(in: 0.25...0.45, using: &g)
            )
            let texScale = Double.random(in: 25...45, using: &g)
            let (z0, z1) = (z, z + length)
            let crossesStreet = layout.crossing.map { z1 > $0 - 7 && z0 < $0 + 7 } ?? false
            if !crossesStreet {
                let shade: (Double, Double) -> (Float, Float, Float)? = { u, v in
                    let inWindow =
                        v > 1 && (v.truncatingRemainder(dividingBy: floor)) > 0.9 && (v.truncatingRemainder(dividingBy: floor)) < 0.9 + windowH
                        && (u.truncatingRemainder(dividingBy: bay)) < windowW && v < heightM - 0.8
                    return inWindow ? glass : facade.sample(u * texScale, (heightM - v) * texScale)
                }
                // The facade follows the road's bend in 2 m pieces; the near end wall closes the block.
                var a = z1
                while a > z0 {
                    let b = max(z0, a - 2)
                    let (pa, pb) = ((x: layout.centre(a) + s * lateral, z: a), (x: layout.centre(b) + s * lateral, z: b))
                    let offsetU = b - z0
                    out.append((a, { $0.verticalFace(from: pb, to: pa, bottom: 0, top: heightM, label: .building) { u, v in shade(u + offsetU, v) } }))
                    a = b
                }
                let corner = (x: layout.centre(z0) + s * lateral, z: z0)
                out.append((z0 + 0.01, { $0.verticalFace(from: corner, to: (corner.x + s * 12, z0), bottom: 0, top: heightM, label: .building, shade: shade) }))
            }
            z = z1 + (g.uniform() < 0.2 ? Double.random(in: 3...8, using: &g) : 0)
        }
        // A hedge in front of buildings that stand back from the sidewalk.
        if layout.setback[side] > 0.5, g.uniform() < 0.6 {
            let leaves = textures.vegetation[0]
            let x = layout.halfWidth + layout.sidewalk[side] + 0.4, h = Double.random(in: 0.6...1.4, using: &g)
            var a = 120.0
            while a > 2 {
                let (za, zb) = (a, a - 2)
                let (pa, pb) = ((x: layout.centre(za) + s * x, z: za), (x: layout.centre(zb) + s * x, z: zb))
                out.append(
                    (za - 0.5, { $0.verticalFace(from: pb, to: pa, bottom: 0, top: h, label: .vegetation) { u, v in leaves.sample(u * 40 + zb * 40, v * 40) } })
                )
                a = zb
            }
        }
        return out
    }

    /// Open ground: grass with bushes at the edge.
    func openGround(_ layout: SceneLayout, side: Int, using g: inout Generator) -> [(z: Double, draw: (inout Canvas) -> Void)] {
        (0..<Int.random(in: 2...6, using: &g)).map { _ in
            let z = Double.random(in: 10...120, using: &g), w = Double.random(in: 3...12, using: &g), h = Double.random(in: 1...4, using: &g)
            let x = layout.centre(z) + SceneLayout.sign(side) * (layout.halfWidth + layout.sidewalk[side] + Double.random(in: 2...15, using: &g))
            let leaves = textures.vegetation[Int(g.next() % UInt64(textures.vegetation.count))]
            return (
                z,
                {
                    $0.sprite(x: x, z: z, width: w, bottom: 0, top: h, label: .vegetation) { s, t in
                        let r = (s - 0.5) * (s - 0.5) * 4 + t * t
                        return r < 1 ? leaves.sample(s * w * 30, t * h * 30) : nil
                    }
                }
            )
        }
    }

    func trees(_ layout: SceneLayout, side: Int, using g: inout Generator) -> [(z: Double, draw: (inout Canvas) -> Void)] {
        guard g.uniform() < 0.6 else { return [] }
        var out: [(z: Double, draw: (inout Canvas) -> Void)] = []
        let spacing = Double.random(in: 8...18, using: &g)
        var z = Double.random(in: 3...10, using: &g)
        let inset = layout.sidewalk[side] > 2.5 ? layout.sidewalk[side] - 0.8 : layout.sidewalk[side] + 0.8
        while z < 120 {
            let x = layout.centre(z) + SceneLayout.sign(side) * (layout.halfWidth + inset)
            let crown = Double.random(in: 2.5...5, using: &g), top = Double.random(in: 5...9, using: &g)
            let leaves = textures.vegetation[Int(g.next() % UInt64(textures.vegetation.count))]
            let wobble = g.uniform() * 6
            let zz = z
            out.append(
                (
                    z,
                    { canvas in
                        canvas.sprite(x: x, z: zz, width: 0.3, bottom: 0, top: top - crown / 2, label: .vegetation) { _, t in
                            (0.25 * Float(t) + 0.15, 0.17, 0.1)
                        }
                        canvas.sprite(x: x, z: zz - 0.01, width: crown, bottom: top - crown, top: top, label: .vegetation) { s, t in
                            let angle = atan2(t - 0.5, s - 0.5)
                            let r = ((s - 0.5) * (s - 0.5) + (t - 0.5) * (t - 0.5)).squareRoot() * 2
                            return r < 0.85 + 0.15 * sin(5 * angle + wobble) ? leaves.sample(s * crown * 40, t * crown * 40) : nil
                        }
                    }
                ))
            z += spacing * Double.random(in: 0.7...1.3, using: &g)
        }
        return out
    }

    /// Street-light poles at the kerb, some with a traffic sign.
    func poles(_ layout: SceneLayout, side: Int, using g: inout Generator) -> [(z: Double, draw: (inout Canvas) -> Void)] {
        var out: [(z: Double, draw: (inout Canvas) -> Void)] = []
        var z = Double.random(in: 4...20, using: &g)
        while z < 110 {
            let x = layout.centre(z) + SceneLayout.sign(side) * (layout.halfWidth + 0.5)
            let height = Double.random(in: 4...8, using: &g), grey = Float.random(in: 0.3...0.6, using: &g)
            let signShape = g.uniform() < 0.55 ? Int(g.next() % 3) : nil
            let signHeight = Double.random(in: 2.0...2.8, using: &g), signSize = Double.random(in: 0.6...0.9, using: &g)
            let zz = z
            out.append(
                (
                    z,
                    { canvas in
                        canvas.verticalFace(from: (x - 0.08, zz), to: (x + 0.08, zz), bottom: 0, top: height, label: .pole) { u, _ in
                            let light = Float(1 - abs(u - 0.08) * 5)
                            return (grey * light, grey * light, grey * light * 1.05)
                        }
                        guard let shape = signShape else { return }
                        canvas.sprite(x: x, z: zz - 0.05, width: signSize, bottom: signHeight, top: signHeight + signSize, label: .trafficSign) { s, t in
                            let (dx, dy) = (s - 0.5, t - 0.5), r = (dx * dx + dy * dy).squareRoot()
                            switch shape {
                            case 0:  // prohibition: red ring, white inside
                                return r > 0.5 ? nil : r > 0.36 ? (0.8, 0.08, 0.08) : (0.92, 0.92, 0.9)
                            case 1:  // warning: red-edged triangle
                                let inside = t < 0.95 && abs(dx) < (0.95 - t) * 0.55
                                let inner = t > 0.15 && t < 0.8 && abs(dx) < (0.8 - t) * 0.5
                                return !inside ? nil : inner ? (0.95, 0.9, 0.8) : (0.8, 0.1, 0.1)
                            default:  // information: blue square with a white arrow
                                return abs(dx) < 0.06 && t > 0.2 && t < 0.8 ? (0.95, 0.95, 0.95) : (0.1, 0.3, 0.7)
                            }
                        }
                    }
                ))
            z += Double.random(in: 12...30, using: &g)
        }
        return out
    }

    // MARK: Traffic

    /// A car: the face towards the camera, the visible side, a narrower glass cabin, dark wheels.
    func car(atX x: Double, z: Double, using g: inout Generator) -> (z: Double, draw: (inout Canvas) -> Void) {
        let palette: [(Float, Float, Float)] = [
            (0.8, 0.1, 0.1), (0.1, 0.2, 0.6), (0.85, 0.85, 0.85), (0.1, 0.1, 0.1), (0.5, 0.5, 0.52),
            (0.2, 0.45, 0.3), (0.9, 0.75, 0.2), (0.6, 0.35, 0.2),
        ]
        let paint = palette[Int(g.next() % UInt64(palette.count))]
        let width = Double.random(in: 1.65...1.9, using: &g), length = Double.random(in: 3.9...4.9, using: &g)
        let height = Double.random(in: 1.35...1.65, using: &g), belt = height * Double.random(in: 0.5...0.6, using: &g)
        let grain = textures.road[0]
        let body: (Double, Double) -> (Float, Float, Float) = { u, v in
            let n = grain.sample(u * 30, v * 30).0 * 0.3 + 0.85
            let gloss = Float(max(0, 1 - abs(v - belt * 0.8) * 3)) * 0.15
            return (paint.0 * n + gloss, paint.1 * n + gloss, paint.2 * n + gloss)
        }
        let glass: (Float, Float, Float) = (0.12, 0.14, 0.18)
        let sideX = x > 0 ? x - width / 2 : x + width / 2
        return (
            z,
            { canvas in
                canvas.verticalFace(from: (sideX, z), to: (sideX, z + length), bottom: 0.05, top: height, label: .car) { u, v in
                    let cabinStart = length * 0.25, cabinEnd = length * 0.8
                    if v > belt { return u > cabinStart + (v - belt) * 0.8 && u < cabinEnd - (v - belt) * 0.5 ? glass : nil }
                    let wheel = v < 0.65 && (abs(u - 0.8) < 0.35 || abs(u - (length - 0.8)) < 0.35)
                    return wheel ? (0.05, 0.05, 0.05) : body(u, v)
                }
                canvas.verticalFace(from: (x - width / 2, z), to: (x + width / 2, z), bottom: 0.05, top: height, label: .car) { u, v in
                    if v > belt {
                        let inset = 0.12 * width + (v - belt) * 0.6
                        guard u > inset, u < width - inset else { return nil }
                        return v < height - 0.08 ? glass : body(u, v)
                    }
                    let lamp = v > belt - 0.3 && v < belt - 0.1 && (u < 0.3 || u > width - 0.3)
                    if v < 0.3 { return (0.06, 0.06, 0.06) }
                    return lamp ? (0.85, 0.15, 0.1) : body(u, v)
                }
            }
        )
    }

    func parkedCars(_ layout: SceneLayout, side: Int, using g: inout Generator) -> [(z: Double, draw: (inout Canvas) -> Void)] {
        guard g.uniform() < 0.7 else { return [] }
        var out: [(z: Double, draw: (inout Canvas) -> Void)] = []
        var z = Double.random(in: 3...15, using: &g)
        while z < 90 {
            if !layout.isInCrossing(z) && !layout.isInCrossing(z + 5) {
                out.append(car(atX: layout.centre(z) + SceneLayout.sign(side) * (layout.halfWidth - 1.1), z: z, using: &g))
            }
            z += Double.random(in: 5.5...20, using: &g)
        }
        return out
    }

    func movingCars(_ layout: SceneLayout, using g: inout Generator) -> [(z: Double, draw: (inout Canvas) -> Void)] {
        (0..<Int.random(in: 0...5, using: &g)).compactMap { _ in
            let lane = Int.random(in: 0..<layout.lanes, using: &g)
            let z = Double.random(in: 6...80, using: &g)
            let x = layout.centre(z) - layout.halfWidth + (Double(lane) + 0.5) * layout.laneWidth + Double.random(in: -0.3...0.3, using: &g)
            return abs(x) < 1.2 && z < 10 ? nil : car(atX: x, z: z, using: &g)
        }
    }

    /// A pedestrian seen from the front or back: legs, torso, arms, head.
    func person(atX x: Double, z: Double, using g: inout Generator) -> (z: Double, draw: (inout Canvas) -> Void) {
        let clothing = textures.clothing[Int(g.next() % UInt64(textures.clothing.count))]
        let trousers = textures.clothing[Int(g.next() % UInt64(textures.clothing.count))]
        let (ox, oy) = (g.uniform() * 500, g.uniform() * 500)
        let skin: (Float, Float, Float) = [(0.9, 0.72, 0.6), (0.65, 0.45, 0.32), (0.4, 0.27, 0.2)][Int(g.next() % 3)]
        let height = Double.random(in: 1.5...1.95, using: &g), stride = Double.random(in: 0...0.12, using: &g)
        return (
            z,
            { canvas in
                canvas.sprite(x: x, z: z, width: 0.6, bottom: 0, top: height, label: .person) { s, t in
                    let dx = s - 0.5
                    if t > 0.87 { return (dx * dx + (t - 0.935) * (t - 0.935) * 1.2) < 0.012 ? skin : nil }  // head
                    if t > 0.5 {
                        if abs(dx) < 0.26 - (0.87 - t) * 0.1 { return clothing.sample(ox + s * 60, oy + t * 120) }  // torso
                        return abs(dx) < 0.36 && t > 0.52 && t < 0.84 ? clothing.sample(ox + s * 60 + 7, oy + t * 120) : nil  // arms
                    }
                    let leg = abs(dx + 0.1 + stride * (0.5 - t)) < 0.085 || abs(dx - 0.1 - stride * (0.5 - t)) < 0.085
                    return leg ? trousers.sample(ox + 200 + s * 40, oy + t * 80) : nil
                }
            }
        )
    }

    func pedestrians(_ layout: SceneLayout, side: Int, using g: inout Generator) -> [(z: Double, draw: (inout Canvas) -> Void)] {
        (0..<Int.random(in: 0...6, using: &g)).map { _ in
            let z = Double.random(in: 3...60, using: &g)
            let x = layout.centre(z) + SceneLayout.sign(side) * (layout.halfWidth + Double.random(in: 0.4...max(0.5, layout.sidewalk[side] - 0.3), using: &g))
            return person(atX: x, z: z, using: &g)
        }
    }

    func crossingPedestrians(_ layout: SceneLayout, using g: inout Generator) -> [(z: Double, draw: (inout Canvas) -> Void)] {
        guard let crossing = layout.crossing else { return [] }
        return (0..<Int.random(in: 0...4, using: &g)).map { _ in
            let z = crossing - Double.random(in: 6.2...8.8, using: &g)
            return person(atX: layout.centre(z) + Double.random(in: -layout.halfWidth...layout.halfWidth, using: &g), z: z, using: &g)
        }
    }
}
