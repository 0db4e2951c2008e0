import ExerciseTesting
import Testing
@testable import P05

@Suite(.exercise("P05-E06")) struct P05_E06 {
    @Test func aShiftedPointSetIsItsShiftAway() throws {
        let a: [[Double]] = [[0, 0, 0], [1, 0, 0], [2, 0, 0]]
        let b = a.map { [$0[0], $0[1] + 3, $0[2]] }
        #expect(try hausdorff95(a, b) == 3)
        #expect(try hausdorff95(a, []) == nil)
    }
}
