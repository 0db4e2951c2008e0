import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import P07

@Suite(.exercise("P07-E03")) struct P07_E03_Hidden {
    /// pytorch-crf's decode, free and with the BIO transitions set to −10000.
    @Test func matchesPytorchCRF() throws {
        let f = try p07Fixture()
        for (b, length) in try f.values("crf.lengths").map({ Int($0) }).enumerated() {
            let p = try CRFProblem(f, "crf", sequence: b)
            let (path, score) = try viterbiDecode(emissions: p.emissions, transitions: p.transitions, start: p.start, end: p.end)
            try checkEqual(path, tagRow(try f.values("crf.viterbi"), batch: b, time: 7, length: length), "best path of sequence \(b)")
            try checkClose([score], [scoreByDefinition(p, path)], rtol: 1e-12, atol: 1e-9, "the score of that path")
        }
        let allowed = try f.values("bio.allowed.transitions").map { $0 != 0 }
        let rules = TransitionConstraints(
            start: try f.values("bio.allowed.start").map { $0 != 0 },
            transitions: (0..<7).map { Array(allowed[$0 * 7..<($0 + 1) * 7]) })
        for (b, length) in try f.values("bio.lengths").map({ Int($0) }).enumerated() {
            let p = try CRFProblem(f, "bio", sequence: b)
            let free = try viterbiDecode(emissions: p.emissions, transitions: p.transitions, start: p.start, end: p.end).path
            let kept = try viterbiDecode(emissions: p.emissions, transitions: p.transitions, start: p.start, end: p.end, allowed: rules).path
            try checkEqual(free, tagRow(try f.values("bio.viterbi.free"), batch: b, time: 8, length: length), "free path of sequence \(b)")
            try checkEqual(
                kept, tagRow(try f.values("bio.viterbi.constrained"), batch: b, time: 8, length: length),
                "constrained path of sequence \(b)")
        }
    }

    private func scoreByDefinition(_ p: CRFProblem, _ path: [Int]) -> Double {
        var s = p.start[path[0]] + p.end[path.last!]
        for (t, tag) in path.enumerated() { s += p.emissions[t][tag] + (t > 0 ? p.transitions[path[t - 1]][tag] : 0) }
        return s
    }
}
