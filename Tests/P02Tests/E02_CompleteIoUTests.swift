import ExerciseTesting
import Testing
@testable import P02

@Suite(.exercise("P02-E02")) struct P02_E02 {
    @Test func identicalBoxesGiveOne() throws {
        #expect(abs(try completeIoU([10, 10, 30, 50], [10, 10, 30, 50]) - 1) < 1e-6)
    }

    @Test func shiftedBoxesArePenalisedForDistance() throws {
        // IoU 1/3; centres 10 apart; enclosing box 30 × 20, so ρ²/c² = 100/1300; same shapes, v = 0.
        let expected = 1.0 / 3 - 100.0 / 1300
        #expect(abs(try completeIoU([0, 0, 20, 20], [10, 0, 30, 20]) - expected) < 1e-6)
    }
}
