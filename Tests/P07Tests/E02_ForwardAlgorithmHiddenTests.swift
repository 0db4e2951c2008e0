import ExerciseTesting
import Foundation
import Testing
import Workbook
@testable import P07

@Suite(.exercise("P07-E02")) struct P07_E02_Hidden {
    /// Against pytorch-crf's normalizer and gold score on four sequences of lengths 7, 5, 3, 1.
    @Test func matchesPytorchCRF() throws {
        let f = try p07Fixture()
        let lengths = try f.values("crf.lengths").map { Int($0) }
        var logZ: [Double] = [], scores: [Double] = []
        for (b, length) in lengths.enumerated() {
            let p = try CRFProblem(f, "crf", sequence: b)
            logZ.append(try crfLogPartition(emissions: p.emissions, transitions: p.transitions, start: p.start, end: p.end))
            scores.append(
                try crfPathScore(
                    emissions: p.emissions, transitions: p.transitions, start: p.start, end: p.end,
                    tags: tagRow(try f.values("crf.tags"), batch: b, time: 7, length: length)))
        }
        try checkClose(logZ, try f.values("crf.logZ"), rtol: 1e-10, atol: 1e-10, "log Z")
        try checkClose(scores, try f.values("crf.score"), rtol: 1e-10, atol: 1e-10, "path scores")
    }

    /// Large scores overflow exp: the log-space recursion must not.
    @Test func staysFiniteForLargeScores() throws {
        let e = [[800.0, 790.0], [805.0, 810.0]], t = [[0.0, 0.0], [0.0, 0.0]], zero = [0.0, 0.0]
        let logZ = try crfLogPartition(emissions: e, transitions: t, start: zero, end: zero)
        try checkClose([logZ], [1610 + log(1 + exp(-5) + exp(-10) + exp(-15))], rtol: 1e-12, atol: 1e-9, "log Z of large scores")
    }
}
