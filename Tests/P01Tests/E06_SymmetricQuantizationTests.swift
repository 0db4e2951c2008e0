import ExerciseTesting
import Testing
@testable import P01

@Suite(.exercise("P01-E06")) struct P01_E06 {
    @Test func theLargestWeightMapsTo127() throws {
        let (values, scales) = try symmetricPerChannel([0.5, -1.27, 0, 0.2, 0.6, -0.6], channels: 2)
        #expect(values == [50, -127, 0, 42, 127, -127])
        #expect(abs(scales[0] - 0.01) < 1e-7)
    }

    @Test func aHalfIsTwoToTheThirtyAtShiftZero() throws {
        let m = try requantizationMultiplier(0.5)
        #expect(m.multiplier == 1 << 30 && m.shift == 0)
    }
}
