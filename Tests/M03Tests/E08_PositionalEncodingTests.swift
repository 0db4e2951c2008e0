import DeepLearning
import Testing
import Workbook
@testable import M03

@Suite struct M03_E08 {
    @Test func matchesTheAnnotatedTransformer() throws {
        try checkClose(try sinusoidalEncoding(length: 20, dim: 8), try fixture("positional_encoding").tensor("encoding"), "PE")
    }
}
