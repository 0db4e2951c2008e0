import Foundation

/// The library's seeded random number generator (xoshiro256**, seeded through
/// SplitMix64). Same seed, same numbers, on every run and machine.
///
/// ```swift
/// Random.seed(0)
/// let w = Tensor.randn([3, 3])
/// ```
public struct Generator: RandomNumberGenerator, Sendable {
    var state: (UInt64, UInt64, UInt64, UInt64)

    public init(seed: UInt64) {
        var s = seed
        func splitMix() -> UInt64 {
            s &+= 0x9E37_79B9_7F4A_7C15
            var z = s
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (splitMix(), splitMix(), splitMix(), splitMix())
    }

    public mutating func next() -> UInt64 {
        func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
        let result = rotl(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotl(state.3, 45)
        return result
    }

    /// Uniform in [0, 1) with 53 random bits.
    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Standard normal (Box–Muller).
    public mutating func normal() -> Double {
        let u1 = Swift.max(uniform(), .leastNonzeroMagnitude), u2 = uniform()
        return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * .pi * u2)
    }
}

/// The global generator behind `Tensor.randn` and friends, like `torch.manual_seed`.
public enum Random {
    nonisolated(unsafe) public static var generator = Generator(seed: 0)

    /// Resets the global generator.
    public static func seed(_ seed: UInt64) { generator = Generator(seed: seed) }

    /// A random permutation of `0..<n` (Fisher–Yates).
    public static func permutation(_ n: Int) -> [Int] {
        var p = Array(0..<n)
        p.shuffle(using: &generator)
        return p
    }
}

extension Tensor {
    static func filled(_ shape: [Int], dtype: DType, requiresGrad: Bool, _ value: () -> Double) -> Tensor {
        let s = Storage(dtype: dtype, count: Shape.count(shape))
        for i in 0..<s.count { s[double: i] = value() }
        return Tensor(shape: shape, storage: s, requiresGrad: requiresGrad)
    }

    /// Samples from N(mean, std²).
    public static func randn(_ shape: [Int], mean: Double = 0, std: Double = 1, dtype: DType = .float32, requiresGrad: Bool = false) -> Tensor {
        filled(shape, dtype: dtype, requiresGrad: requiresGrad) { mean + std * Random.generator.normal() }
    }

    /// Samples uniformly from [low, high).
    public static func uniform(_ shape: [Int], low: Double = 0, high: Double = 1, dtype: DType = .float32, requiresGrad: Bool = false) -> Tensor {
        filled(shape, dtype: dtype, requiresGrad: requiresGrad) { low + (high - low) * Random.generator.uniform() }
    }

    /// Samples uniformly from [0, 1), as `torch.rand`.
    public static func rand(_ shape: [Int], dtype: DType = .float32) -> Tensor { uniform(shape, dtype: dtype) }

    /// 1 with probability `p`, else 0.
    public static func bernoulli(_ shape: [Int], p: Double, dtype: DType = .float32) -> Tensor {
        filled(shape, dtype: dtype, requiresGrad: false) { Random.generator.uniform() < p ? 1 : 0 }
    }

    /// Integers uniform in [low, high), int64.
    public static func randint(_ low: Int, _ high: Int, _ shape: [Int]) -> Tensor {
        precondition(high > low, "randint: high (\(high)) must be greater than low (\(low))")
        return filled(shape, dtype: .int64, requiresGrad: false) { Double(Int.random(in: low..<high, using: &Random.generator)) }
    }

    /// A random permutation of `0..<n`, int64 (`torch.randperm`).
    public static func randperm(_ n: Int) -> Tensor { Tensor(ints: Random.permutation(n)) }
}
