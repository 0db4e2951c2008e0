import ExerciseTesting
import Testing
@testable import P04

@Suite(.exercise("P04-E04")) struct P04_E04 {
    @Test func twoPixelsUpToFour() throws {
        let aligned = try bilinearResize([0, 3], height: 1, width: 2, toHeight: 1, toWidth: 4, alignCorners: true)
        #expect(aligned.enumerated().allSatisfy { abs($0.element - [0, 1, 2, 3][$0.offset]) < 1e-12 })
        let halfPixel = try bilinearResize([0, 4], height: 1, width: 2, toHeight: 1, toWidth: 4, alignCorners: false)
        #expect(halfPixel.enumerated().allSatisfy { abs($0.element - [0, 1, 3, 4][$0.offset]) < 1e-12 })
    }
}
