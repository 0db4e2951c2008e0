import ExerciseTesting
import Testing
@testable import P03

@Suite(.exercise("P03-E04")) struct P03_E04 {
    @Test func halfAtTheThresholdWithSlopeKOverFour() throws {
        let (b, dP, dT) = try approximateBinarization(probability: [0.5], threshold: [0.5])
        #expect(b == [0.5] && dP == [12.5] && dT == [-12.5])
    }
}
