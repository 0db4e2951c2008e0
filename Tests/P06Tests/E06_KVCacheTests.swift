import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import P06

@Suite(.exercise("P06-E06")) struct P06_E06 {
    @Test func firstStepReturnsTheOnlyValue() throws {
        var cache: (keys: [[Double]], values: [[Double]]) = ([], [])
        #expect(try attendWithCache(query: [1, 0], key: [0, 1], value: [3, 4], cache: &cache) == [3, 4])
        #expect(cache.keys.count == 1 && cache.values.count == 1)
    }
}
