import DeepLearning
import Quantization
import Testing
@testable import P01

@Suite struct P01_E06_Hidden {
    /// Against the int8 runtime's own weight quantizer and TFLite's `QuantizeMultiplier` port.
    @Test func matchesTheInt8Runtime() throws {
        var generator = Generator(seed: 11)
        let weights = (0..<8 * 27).map { _ in Float(generator.uniform() - 0.5) * Float(1 + generator.next() % 5) }
        let mine = try symmetricPerChannel(weights + [Float](repeating: 0, count: 27), channels: 9)
        let reference = ChannelQuantizedWeights(quantizing: weights + [Float](repeating: 0, count: 27), channels: 9)
        #expect(mine.values == reference.values)
        #expect(mine.scales == reference.scales)
        for real in [1e-6, 0.000_123, 0.25, 0.499_999_999_9, 0.75, 0.999_999_999_99, 1.5, 3.0] {
            let m = try requantizationMultiplier(real)
            let r = QuantizedMultiplier(real)
            #expect(m.multiplier == r.multiplier && Int32(m.shift) == r.shift, "\(real)")
        }
    }
}
