import Foundation
import Testing
@testable import Tensors

/// The seeded generator: reproducible, and with the right distributions. The moment
/// bounds are about 5 standard errors wide for 100,000 samples: a correct generator
/// fails them with odds of about one in a million, a biased one (wrong scale, shift,
/// or a broken transform) fails them every time.
@Suite struct RandomTests {
    static let n = 100_000

    func moments(_ x: [Double]) -> (mean: Double, variance: Double, skew: Double, kurtosis: Double) {
        let n = Double(x.count), mean = x.reduce(0, +) / n
        let m2 = x.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / n
        let m3 = x.map { Foundation.pow($0 - mean, 3) }.reduce(0, +) / n
        let m4 = x.map { Foundation.pow($0 - mean, 4) }.reduce(0, +) / n
        return (mean, m2, m3 / Foundation.pow(m2, 1.5), m4 / (m2 * m2))
    }

    @Test func sameSeedSameNumbers() {
        let a = Random.withSeed(42) { (Tensor.randn([100]).scalars, Tensor.uniform([10]).scalars, Tensor.randperm(20).ints) }
        let b = Random.withSeed(42) { (Tensor.randn([100]).scalars, Tensor.uniform([10]).scalars, Tensor.randperm(20).ints) }
        let c = Random.withSeed(43) { Tensor.randn([100]).scalars }
        #expect(a.0 == b.0 && a.1 == b.1 && a.2 == b.2)
        #expect(a.0 != c)
        let reseeded = Random.withSeed(0) { () -> Bool in
            Random.seed(42)  // seed() resets the generator in use
            return Tensor.randn([100]).scalars == a.0
        }
        #expect(reseeded)
        var g1 = Generator(seed: 7), g2 = Generator(seed: 7)
        #expect((0..<10).map { _ in g1.next() } == (0..<10).map { _ in g2.next() })
        // float64 draws the same numbers, at full precision.
        let wide = Random.withSeed(42) { Tensor.randn([100], dtype: .float64).doubles }
        let narrowed: [Float] = wide.map { Float($0) }
        #expect(narrowed == a.0)
    }

    @Test func parallelScopesDoNotShareAStream() async {
        let expected = Random.withSeed(5) { Tensor.randn([1000]).scalars }
        let results = await withTaskGroup(of: [Float].self) { group in
            for _ in 0..<8 { group.addTask { Random.withSeed(5) { Tensor.randn([1000]).scalars } } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 8 && results.allSatisfy { $0 == expected })
    }

    @Test func uniformMoments() {
        let x = Random.withSeed(1) { Tensor.uniform([Self.n], dtype: .float64).doubles }
        let m = moments(x)
        #expect(x.allSatisfy { $0 >= 0 && $0 < 1 })
        #expect(Swift.abs(m.mean - 0.5) < 0.005)  // standard error 0.0009
        #expect(Swift.abs(m.variance - 1.0 / 12) < 0.002)  // 1/12 = 0.0833
        let shifted = Random.withSeed(2) { Tensor.uniform([Self.n], low: -2, high: 3).doubles }
        #expect(shifted.allSatisfy { $0 >= -2 && $0 < 3 } && Swift.abs(moments(shifted).mean - 0.5) < 0.03)
        #expect(shifted.min()! < -1.99 && shifted.max()! > 2.99)  // the whole range is used
    }

    @Test func normalMoments() {
        let x = Random.withSeed(3) { Tensor.randn([Self.n], dtype: .float64).doubles }
        let m = moments(x)
        #expect(Swift.abs(m.mean) < 0.016)  // standard error 0.0032
        #expect(Swift.abs(m.variance - 1) < 0.025)  // standard error 0.0045
        #expect(Swift.abs(m.skew) < 0.04 && Swift.abs(m.kurtosis - 3) < 0.08)
        let withinOneSigma = Double(x.filter { Swift.abs($0) < 1 }.count) / Double(Self.n)
        #expect(Swift.abs(withinOneSigma - 0.6827) < 0.008)
        let scaled = moments(Random.withSeed(4) { Tensor.randn([Self.n], mean: 3, std: 2, dtype: .float64).doubles })
        #expect(Swift.abs(scaled.mean - 3) < 0.032 && Swift.abs(scaled.variance - 4) < 0.1)
    }

    @Test func bernoulliAndRandint() {
        let b = Random.withSeed(5) { Tensor.bernoulli([Self.n], p: 0.3).doubles }
        #expect(b.allSatisfy { $0 == 0 || $0 == 1 })
        #expect(Swift.abs(b.reduce(0, +) / Double(Self.n) - 0.3) < 0.0075)  // standard error 0.00145
        let r = Random.withSeed(6) { Tensor.randint(-3, 7, [Self.n]) }
        #expect(r.dtype == .int64)
        var counts = [Int: Int]()
        for v in r.ints { counts[v, default: 0] += 1 }
        #expect(Set(counts.keys) == Set(-3..<7))
        #expect(counts.values.allSatisfy { Swift.abs($0 - Self.n / 10) < 500 })  // standard error 95
    }

    @Test func permutationIsAPermutation() {
        let p = Random.withSeed(7) { Tensor.randperm(1000).ints }
        #expect(p.sorted() == Array(0..<1000))
        #expect(p != Array(0..<1000))
        let q = Random.withSeed(8) { Random.permutation(1000) }
        #expect(q.sorted() == Array(0..<1000) && q != p)
        #expect(Random.withSeed(9) { Random.permutation(0) }.isEmpty)
    }
}
