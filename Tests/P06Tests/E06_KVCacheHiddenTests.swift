import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import P06

@Suite(.exercise("P06-E06")) struct P06_E06_Hidden {
    /// Step t with the cache equals row t of causal attention over the whole sequence.
    @Test func stepsEqualCausalAttention() throws {
        let (length, d) = (5, 4)
        Random.seed(5)
        let q = Tensor.randn([length, d], dtype: .float64), k = Tensor.randn([length, d], dtype: .float64), v = Tensor.randn([length, 3], dtype: .float64)
        let full = ExerciseTwins.unwatched { scaledDotProductAttention(q, k, v, causal: true) }.output.doubles
        func row(_ t: Tensor, _ i: Int) -> [Double] { Array(t.doubles[(i * t.shape[1])..<((i + 1) * t.shape[1])]) }
        var cache: (keys: [[Double]], values: [[Double]]) = ([], [])
        for i in 0..<length {
            let out = try attendWithCache(query: row(q, i), key: row(k, i), value: row(v, i), cache: &cache)
            try checkClose(out, Array(full[(i * 3)..<((i + 1) * 3)]), rtol: 0, atol: 1e-12, "output of step")
        }
    }
}
