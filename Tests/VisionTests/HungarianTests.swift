import Tensors
import Testing
import Workbook
@testable import Vision

@Suite struct HungarianTests {
    /// The cost of an assignment, after checking it uses each row and column at most once.
    func total(_ cost: [[Double]], _ rows: [Int], _ columns: [Int]) -> Double {
        #expect(Set(rows).count == rows.count && Set(columns).count == columns.count)
        #expect(rows == rows.sorted())
        return zip(rows, columns).map { cost[$0][$1] }.reduce(0, +)
    }

    @Test func totalCostMatchesScipy() throws {
        for c in try JSONFixture.load("hungarian", from: .module)["cases"].array {
            // JSON null stands for +inf, a forbidden pair.
            let cost = c["cost"].array.map { $0.doubles.map { $0.isNaN ? .infinity : $0 } }
            let (rows, columns) = linearSumAssignment(cost, maximize: c["maximize"].bool)
            #expect(rows.count == min(cost.count, cost[0].count))
            #expect(abs(total(cost, rows, columns) - c["total"].double) < 1e-9, "case \(cost.count)x\(cost[0].count)")
            if cost.joined().allSatisfy({ $0 != .infinity }) && Set(cost.joined()).count == cost.count * cost[0].count {
                // Distinct costs: the optimum is unique, so the pairs match too.
                #expect(rows == c["rows"].ints && columns == c["columns"].ints)
            }
        }
    }

    @Test func smallMatricesAgainstBruteForce() {
        var generator = SplitMix(seed: 7)
        for (n, m) in [(3, 3), (2, 5), (5, 2), (4, 4), (1, 3)] {
            let cost = (0..<n).map { _ in (0..<m).map { _ in Double(generator.next() % 5) } }
            let (rows, columns) = linearSumAssignment(cost)
            #expect(abs(total(cost, rows, columns) - bruteForceMinimum(cost)) < 1e-12)
        }
    }

    @Test func tensorInputAndMaximize() {
        let cost = Tensor([4, 1, 3, 2, 0, 5, 3, 2, 2], shape: [3, 3])
        let (rows, columns) = linearSumAssignment(cost)
        #expect(rows == [0, 1, 2] && columns == [1, 0, 2])
        #expect(linearSumAssignment(cost, maximize: true).columns == [0, 2, 1])  // 4 + 5 + 2
        #expect(linearSumAssignment([[Double]]()).rows.isEmpty)
    }

    /// Minimum over all injective maps of the smaller side into the larger.
    func bruteForceMinimum(_ cost: [[Double]]) -> Double {
        let n = cost.count, m = cost[0].count
        if n > m { return bruteForceMinimum((0..<m).map { j in (0..<n).map { cost[$0][j] } }) }
        func search(_ row: Int, _ used: Set<Int>) -> Double {
            if row == n { return 0 }
            return (0..<m).filter { !used.contains($0) }.map { cost[row][$0] + search(row + 1, used.union([$0])) }.min()!
        }
        return search(0, [])
    }
}

/// A tiny deterministic generator for test data.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
