import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M02

@Suite(.exercise("M02-E10")) struct M02_E10_Hidden {
    /// The least total cost over every way of giving T objects distinct queries.
    func bruteForce(_ cost: [Double], queries: Int, objects: Int) -> Double {
        func search(_ t: Int, _ used: Set<Int>) -> Double {
            guard t < objects else { return 0 }
            return (0..<queries).filter { !used.contains($0) }.map { cost[$0 * objects + t] + search(t + 1, used.union([$0])) }.min()!
        }
        return search(0, [])
    }

    @Test func findsTheLeastTotalCost() throws {
        for seed in [101, 102, 103] as [UInt64] {
            let (q, t) = (6, 4)
            let probabilities = Random.withSeed(seed) { Tensor.randn([q, 5], dtype: .float64).softmax(axis: 1) }
            let predicted = Random.withSeed(seed + 1) { randomBoxes(q) } / 100, targets = Random.withSeed(seed + 2) { randomBoxes(t) } / 100
            let labels = Tensor(ints: [4, 0, 2, 2])
            let match = try detrMatch(probabilities: probabilities, predictedBoxes: predicted, labels: labels, targetBoxes: targets, l1Weight: 3)
            let cost = match.cost.doubles
            try checkEqual([Set(match.queryForObject.filter { (0..<q).contains($0) }).count], [t], "distinct queries, one per object")
            let total = match.queryForObject.enumerated().map { cost[$0.element * t + $0.offset] }.reduce(0, +)
            try checkClose([total], [bruteForce(cost, queries: q, objects: t)], rtol: 0, atol: 1e-9, "total cost of the matching")
            // The class term with l1Weight 3: spot-check one entry by hand.
            let (a, b) = (boxList(predicted)[1], boxList(targets)[2])
            let l1 = abs(a.x1 - b.x1) + abs(a.y1 - b.y1) + abs(a.x2 - b.x2) + abs(a.y2 - b.y2)
            let union = a.area + b.area - a.intersectionArea(b)
            let enclosing = (max(a.x2, b.x2) - min(a.x1, b.x1)) * (max(a.y2, b.y2) - min(a.y1, b.y1))
            let expected = -probabilities.doubles[1 * 5 + 2] + 3 * l1 - 2 * (a.iou(b) - (enclosing - union) / enclosing)
            try checkClose([cost[1 * t + 2]], [expected], rtol: 0, atol: 1e-9, "cost of query 1 for object 2")
        }
    }
}
