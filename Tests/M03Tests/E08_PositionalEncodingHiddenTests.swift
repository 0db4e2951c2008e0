import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M03

@Suite(.exercise("M03-E08")) struct M03_E08_Hidden {
    @Test func agreesWithTheLibraryAndEncodesRelativeShifts() throws {
        let pe = try sinusoidalEncoding(length: 50, dim: 16)
        try checkClose(pe, ExerciseTwins.unwatched { sinusoidalPositionalEncoding(length: 50, dim: 16, dtype: .float64) }, "PE")
        // The dot product of two positions depends only on their distance.
        let rows = pe.doubles.chunked(16)
        func dot(_ a: Int, _ b: Int) -> Double { zip(rows[a], rows[b]).reduce(0) { $0 + $1.0 * $1.1 } }
        try checkClose([dot(3, 10)], [dot(30, 37)], rtol: 0, atol: 1e-9, "the dot product of two rows 7 apart, at two places")
    }
}
