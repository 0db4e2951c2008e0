import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M03

@Suite(.exercise("M03-E08")) struct M03_E08 {
    @Test func matchesTheAnnotatedTransformer() throws {
        try checkClose(try sinusoidalEncoding(length: 20, dim: 8), try fixture("positional_encoding").tensor("encoding"), "PE")
    }
}
