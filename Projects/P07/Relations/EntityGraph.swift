import DeepLearning
import Foundation

/// The entities and relations of some extractions as a graph: one node per distinct
/// (type, name), one edge per distinct (subject, relation, object).
struct EntityGraph: Equatable {
    struct Node: Hashable { var type: String, name: String }
    struct Edge: Hashable { var subject: Int, relation: String, object: Int }
    var nodes: [Node] = []
    var edges: [Edge] = []

    init(_ extractions: [Extraction]) {
        var index: [Node: Int] = [:], seen = Set<Edge>()
        func node(_ entity: ExtractedEntity) -> Int {
            let key = Node(type: entity.type, name: entity.text)
            if let i = index[key] { return i }
            nodes.append(key)
            index[key] = nodes.count - 1
            return nodes.count - 1
        }
        for extraction in extractions {
            let ids = extraction.entities.map(node)
            for r in extraction.relations ?? [] {
                let edge = Edge(subject: ids[r.subject], relation: r.relation, object: ids[r.object])
                if seen.insert(edge).inserted { edges.append(edge) }
            }
        }
    }

    /// Nodes on a circle, coloured by type, and each relation an arrow labelled with its name.
    func draw(size: Int = 720) -> Canvas {
        var canvas = Canvas(width: size, height: size)
        let colors = ["PER": Color.palette[0], "LOC": Color.palette[2], "ORG": Color.palette[1]]
        let center = Double(size) / 2, radius = Double(size) * 0.36
        let points = nodes.indices.map { i -> Point in
            let angle = 2 * Double.pi * Double(i) / Double(max(nodes.count, 1)) - Double.pi / 2
            return Point(center + radius * cos(angle), center + radius * sin(angle))
        }
        for edge in edges {
            let (a, b) = (points[edge.subject], points[edge.object])
            let (dx, dy) = (b.x - a.x, b.y - a.y), length = max((dx * dx + dy * dy).squareRoot(), 1)
            let (ux, uy) = (dx / length, dy / length)
            let tip = Point(b.x - ux * 12, b.y - uy * 12)
            canvas.drawLine(from: Point(a.x + ux * 12, a.y + uy * 12), to: tip, color: .grey, thickness: 2)
            for side in [-1.0, 1.0] {
                canvas.drawLine(from: tip, to: Point(tip.x - ux * 10 + side * uy * 6, tip.y - uy * 10 - side * ux * 6), color: .grey, thickness: 2)
            }
            // The label sits to the arrow's left, so the two directions of a pair do not overprint.
            let labelAt = Point((a.x + b.x) / 2 + uy * 12, (a.y + b.y) / 2 - ux * 12)
            canvas.drawText(edge.relation, x: Int(labelAt.x), y: Int(labelAt.y) - 4, color: .black, anchor: .center)
        }
        for (node, point) in zip(nodes, points) {
            canvas.fillCircle(center: point, radius: 10, color: colors[node.type] ?? .grey)
            canvas.drawText(node.name, x: Int(point.x), y: Int(point.y) + 14, color: .black, scale: 2, anchor: .center)
        }
        var y = 10
        for type in ["PER", "LOC", "ORG"] {
            canvas.fillCircle(center: Point(18, Double(y + 9)), radius: 6, color: colors[type]!)
            canvas.drawText(type, x: 30, y: y + 2, scale: 2)
            y += 26
        }
        return canvas
    }
}
