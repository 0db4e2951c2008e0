import ExerciseTesting
import Testing
@testable import P01

@Suite(.exercise("P01-E05")) struct P01_E05 {
    @Test func oneChannelWithPositiveGradientIsItsOwnMap() throws {
        let map = try gradCAM(activations: [0, 1, 2, 4], gradients: [1, 1, 1, 1], channels: 1, height: 2, width: 2)
        #expect(map == [0, 0.25, 0.5, 1])
    }
}
