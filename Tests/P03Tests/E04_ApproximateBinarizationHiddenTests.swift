import DeepLearning
import ExerciseTesting
import Foundation
import Testing
import Workbook
@testable import P03

@Suite(.exercise("P03-E04")) struct P03_E04_Hidden {
    /// Values against the logistic, derivatives against centred differences.
    @Test func valuesAndCentredDifferences() throws {
        var generator = Generator(seed: 7)
        let p = (0..<50).map { _ in generator.uniform() }, t = (0..<50).map { _ in 0.2 + 0.2 * generator.uniform() }
        let (b, dP, dT) = try approximateBinarization(probability: p, threshold: t, k: 50)
        try checkClose(b, zip(p, t).map { 1 / (1 + exp(-50 * ($0 - $1))) }, rtol: 1e-12, "B")
        let h = 1e-6
        let numericP = try zip(
            approximateBinarization(probability: p.map { $0 + h }, threshold: t).binary,
            approximateBinarization(probability: p.map { $0 - h }, threshold: t).binary
        ).map { ($0 - $1) / (2 * h) }
        let numericT = try zip(
            approximateBinarization(probability: p, threshold: t.map { $0 + h }).binary,
            approximateBinarization(probability: p, threshold: t.map { $0 - h }).binary
        ).map { ($0 - $1) / (2 * h) }
        try checkClose(dP, numericP, rtol: 1e-5, atol: 1e-7, "dB/dP")
        try checkClose(dT, numericT, rtol: 1e-5, atol: 1e-7, "dB/dT")
        try checkClose(try approximateBinarization(probability: [0.9], threshold: [0.3], k: 10).binary, [1 / (1 + exp(-6.0))], "k = 10")
    }
}
