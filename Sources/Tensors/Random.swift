import Foundation

/// The library's seeded random number generator (xoshiro256**, seeded through
/// SplitMix64). Same seed, same numbers, on every run and machine.
///
/// ```swift
/// Random.seed(0)
/// let w = Tensor.randn([3, 3])
/// ```
public struct Generator: RandomNumberGenerator, Sendable {
    /// The four state words; save them to continue the same stream later (checkpoints do).
    public private(set) var state: (UInt64, UInt64, UInt64, UInt64)

    /// Continues a stream from saved `state` words (not all zero: xoshiro's one dead state).
    public init(state: (UInt64, UInt64, UInt64, UInt64)) {
        precondition(state != (0, 0, 0, 0), "Generator(state:): the all-zero state produces only zeros")
        self.state = state
    }

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

/// The generator behind `Tensor.randn` and friends, like `torch.manual_seed`.
///
/// There is one process-wide generator, as in PyTorch. `Random.withSeed(_:_:)`
/// gives a block of code (and the task running it) a private generator, so two
/// tests or loaders running at the same time cannot draw from each other's stream.
/// Each generator sits behind a lock: threads that share one never corrupt it, and
/// a draw through `using` (every random tensor is one) takes its numbers in one piece.
public enum Random {
    private static let shared = Locked(Generator(seed: 0))

    /// Holds the private generator of a `withSeed` block.
    final class Scope: Sendable {
        let generator: Locked<Generator>
        init(_ generator: Generator) { self.generator = Locked(generator) }
    }
    @TaskLocal static var scope: Scope?

    /// The generator in use: the one of the enclosing `withSeed` block, else the global one.
    private static var current: Locked<Generator> { scope?.generator ?? shared }

    /// A copy of the generator in use (its state, for checkpoints); setting it replaces it.
    public static var generator: Generator {
        get { current.withLock { $0 } }
        set { current.withLock { $0 = newValue } }
    }

    /// Runs `body` with exclusive access to the generator in use, so that no other thread
    /// draws in between: `Random.using { Int.random(in: 0..<10, using: &$0) }`.
    public static func using<R>(_ body: (inout Generator) throws -> R) rethrows -> R {
        try current.withLock { try body(&$0) }
    }

    /// Resets the generator in use (the global one outside `withSeed`).
    public static func seed(_ seed: UInt64) { generator = Generator(seed: seed) }

    /// Runs `body` with its own generator seeded with `seed`; the global generator
    /// is neither used nor advanced. Same seed, same numbers, whatever runs alongside.
    @discardableResult
    public static func withSeed<R>(_ seed: UInt64, _ body: () throws -> R) rethrows -> R {
        try $scope.withValue(Scope(Generator(seed: seed)), operation: body)
    }

    /// A random permutation of `0..<n` (Fisher–Yates).
    public static func permutation(_ n: Int) -> [Int] {
        var p = Array(0..<n)
        using { p.shuffle(using: &$0) }
        return p
    }
}

extension Tensor {
    /// A tensor of `shape` whose elements are drawn one by one, in row-major order, from the generator in use.
    static func filled(_ shape: [Int], dtype: DType, requiresGrad: Bool, _ value: (inout Generator) -> Double) -> Tensor {
        let s = Storage(dtype: dtype, count: Shape.count(shape))
        Random.using { generator in
            for i in 0..<s.count { s[double: i] = value(&generator) }
        }
        return Tensor(shape: shape, storage: s, requiresGrad: requiresGrad)
    }

    /// Samples from N(mean, std²).
    public static func randn(_ shape: [Int], mean: Double = 0, std: Double = 1, dtype: DType = .float32, requiresGrad: Bool = false) -> Tensor {
        filled(shape, dtype: dtype, requiresGrad: requiresGrad) { mean + std * $0.normal() }
    }

    /// Samples uniformly from [low, high).
    public static func uniform(_ shape: [Int], low: Double = 0, high: Double = 1, dtype: DType = .float32, requiresGrad: Bool = false) -> Tensor {
        filled(shape, dtype: dtype, requiresGrad: requiresGrad) { low + (high - low) * $0.uniform() }
    }

    /// Samples uniformly from [0, 1), as `torch.rand`.
    public static func rand(_ shape: [Int], dtype: DType = .float32) -> Tensor { uniform(shape, dtype: dtype) }

    /// 1 with probability `p`, else 0.
    public static func bernoulli(_ shape: [Int], p: Double, dtype: DType = .float32) -> Tensor {
        filled(shape, dtype: dtype, requiresGrad: false) { $0.uniform() < p ? 1 : 0 }
    }

    /// Integers uniform in [low, high), int64.
    public static func randint(_ low: Int, _ high: Int, _ shape: [Int]) -> Tensor {
        precondition(high > low, "randint: high (\(high)) must be greater than low (\(low))")
        return filled(shape, dtype: .int64, requiresGrad: false) { Double(Int.random(in: low..<high, using: &$0)) }
    }

    /// A random permutation of `0..<n`, int64 (`torch.randperm`).
    public static func randperm(_ n: Int) -> Tensor { Tensor(ints: Random.permutation(n)) }
}
