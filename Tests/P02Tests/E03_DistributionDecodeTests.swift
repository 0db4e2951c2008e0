import ExerciseTesting
import Testing
@testable import P02

@Suite(.exercise("P02-E03")) struct P02_E03 {
    @Test func aSharpDistributionPicksItsBin() throws {
        var logits = [[Double]](repeating: [Double](repeating: -50, count: 16), count: 4)
        for (side, bin) in [2, 3, 4, 5].enumerated() { logits[side][bin] = 50 }
        let box = try decodeDistances(logits, anchorX: 10.5, anchorY: 4.5, stride: 8)
        #expect(zip(box, [68, 12, 116, 76]).allSatisfy { abs($0 - $1) < 1e-6 })
    }

    @Test func uniformLogitsGiveTheMiddle() throws {
        let box = try decodeDistances([[Double]](repeating: [Double](repeating: 0, count: 16), count: 4), anchorX: 0, anchorY: 0, stride: 1)
        #expect(zip(box, [-7.5, -7.5, 7.5, 7.5]).allSatisfy { abs($0 - $1) < 1e-9 })
    }
}
