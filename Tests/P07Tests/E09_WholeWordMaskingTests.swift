import DeepLearning
import ExerciseTesting
import Testing
@testable import P07

@Suite(.exercise("P07-E09")) struct P07_E09 {
    /// Twenty one-character words at rate 0.15: three positions predicted, each keeping its
    /// original id as target, every other target -100.
    @Test func threeOfTwenty() throws {
        var generator = Generator(seed: 1)
        let ids = Array(100..<120)
        let masked = try wholeWordMask(ids: ids, words: (0..<20).map { $0..<($0 + 1) }, maskId: 4, randomIds: 10..<50, using: &generator)
        let predicted = masked.targets.indices.filter { masked.targets[$0] != -100 }
        #expect(predicted.count == 3)
        #expect(predicted.allSatisfy { masked.targets[$0] == ids[$0] })
        #expect(ids.indices.filter { !predicted.contains($0) }.allSatisfy { masked.inputs[$0] == ids[$0] })
    }
}
