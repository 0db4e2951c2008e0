import ExerciseTesting
import Testing
@testable import P05

@Suite(.exercise("P05-E04")) struct P05_E04 {
    @Test func theCentreWeighsMostAndTheMapIsSymmetric() throws {
        let map = try gaussianImportanceMap(size: [3, 3, 3])
        #expect(map.count == 27 && map[13] == 1)
        #expect(map[0] == map[26] && map[0] < map[13])
    }
}
