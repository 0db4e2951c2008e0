import DeepLearning
import ExerciseTesting
import Testing
@testable import Text
import Workbook
@testable import M03

@Suite(.exercise("M03-E09")) struct M03_E09_Hidden {
    @Test func agreesWithTheLibraryOnRandomTables() throws {
        var generator = Generator(seed: 91)
        for _ in 0..<20 {
            let table = (0..<5).map { _ in (0..<5).map { _ in Double.random(in: 0.01..<1, using: &generator) } }
            let step = tableModel(table.map { row in row.map { $0 / row.reduce(0, +) } })
            try checkEqual(
                try greedyGenerate(bos: 0, eos: 1, maxLength: 6, step: step), greedyDecode(bos: 0, eos: 1, maxLength: 6, step: step).tokens, "tokens")
        }
        try checkClose(try causalMask(1), Tensor([1], shape: [1, 1], dtype: .float32), "mask of length 1")
    }
}
