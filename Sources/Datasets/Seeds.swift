import Tensors

/// Derives an independent seed for a numbered stream (epoch, example index) from a
/// base seed, with SplitMix64's finaliser. Pure: the same inputs give the same seed
/// in any process, on any thread, whatever ran before.
package func derivedSeed(_ seed: UInt64, _ stream: Int) -> UInt64 {
    var z = seed &+ 0x9E37_79B9_7F4A_7C15 &* (UInt64(bitPattern: Int64(stream)) &+ 1)
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}

/// A uniformly random permutation of `0..<n` (Fisher–Yates), written out rather than
/// `Array.shuffle(using:)` so that the order cannot change with the Swift version.
package func permutation(_ n: Int, seed: UInt64) -> [Int] {
    var generator = Generator(seed: seed)
    var order = Array(0..<n)
    for i in stride(from: n - 1, to: 0, by: -1) {
        // Multiply-shift maps 64 random bits onto 0...i without a division.
        let j = Int(generator.next().multipliedFullWidth(by: UInt64(i + 1)).high)
        order.swapAt(i, j)
    }
    return order
}
