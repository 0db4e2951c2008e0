import DeepLearning
import ExerciseTesting
import Quantization
import Testing
import Workbook
@testable import P01

@Suite(.exercise("P01-E06")) struct P01_E06_Hidden {
    /// Against the int8 runtime's own weight quantizer and TFLite's `QuantizeMultiplier` port.
    @Test func matchesTheInt8Runtime() throws {
        var generator = Generator(seed: 11)
        let weights = (0..<8 * 27).map { _ in Float(generator.uniform() - 0.5) * Float(1 + generator.next() % 5) }
        let mine = try symmetricPerChannel(weights + [Float](repeating: 0, count: 27), channels: 9)
        let reference = ExerciseTwins.unwatched { ChannelQuantizedWeights(quantizing: weights + [Float](repeating: 0, count: 27), channels: 9) }
        try checkEqual(mine.values.map(Int.init), reference.values.map(Int.init), "int8 weights")
        try checkClose(mine.scales.map(Double.init), reference.scales.map(Double.init), rtol: 0, atol: 0, "scales")
        for real in [1e-6, 0.000_123, 0.25, 0.499_999_999_9, 0.75, 0.999_999_999_99, 1.5, 3.0] {
            let m = try requantizationMultiplier(real)
            let r = ExerciseTwins.unwatched { QuantizedMultiplier(real) }
            try checkEqual([Int(m.multiplier), m.shift], [Int(r.multiplier), Int(r.shift)], "multiplier and shift of \(real)")
        }
    }
}
