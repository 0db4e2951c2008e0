import ExerciseTesting
import Foundation
import Testing
@testable import P07

@Suite(.exercise("P07-E02")) struct P07_E02 {
    /// Two tags, two positions: four paths to add up by hand.
    @Test func smallCaseByHand() throws {
        let e = [[1.0, 0.0], [0.0, 2.0]], t = [[0.5, -1.0], [0.0, 0.25]], s = [0.1, 0.2], end = [0.0, 0.3]
        let paths = [[0, 0], [0, 1], [1, 0], [1, 1]]
        let scores = paths.map { s[$0[0]] + e[0][$0[0]] + t[$0[0]][$0[1]] + e[1][$0[1]] + end[$0[1]] }
        for (path, score) in zip(paths, scores) {
            #expect(abs(try crfPathScore(emissions: e, transitions: t, start: s, end: end, tags: path) - score) < 1e-12)
        }
        let logZ = log(scores.map(exp).reduce(0, +))
        #expect(abs(try crfLogPartition(emissions: e, transitions: t, start: s, end: end) - logZ) < 1e-12)
    }
}
