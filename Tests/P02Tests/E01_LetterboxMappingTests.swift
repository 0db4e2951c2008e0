import ExerciseTesting
import Testing
@testable import P02

@Suite(.exercise("P02-E01")) struct P02_E01 {
    @Test func aWideImageIsPaddedAboveAndBelow() throws {
        let placement = try letterboxPlacement(width: 640, height: 480, size: 320)
        #expect(placement.scale == 0.5 && placement.left == 0 && placement.top == 40)
    }

    @Test func aBoxGoesBackToTheOriginalPixels() throws {
        let box = try boxToOriginal([10, 50, 110, 290], width: 640, height: 480, size: 320)
        #expect(box == [20, 20, 220, 480])
    }
}
