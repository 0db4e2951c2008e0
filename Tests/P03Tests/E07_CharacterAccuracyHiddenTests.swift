import ExerciseTesting
import Testing
import Workbook
@testable import P03

@Suite(.exercise("P03-E07")) struct P03_E07_Hidden {
    @Test func distancesAndAccuracy() throws {
        let pairs = [("", ""), ("a", ""), ("flaw", "lawn"), ("intention", "execution"), ("小票合计", "小票总计"), ("¥12.50", "¥12.05"), ("abc", "abc")]
        try checkEqual(try pairs.map { try editDistance($0.0, $0.1) }, [0, 1, 2, 5, 1, 2, 0], "edit distances")
        let accuracy = try characterAccuracy(predicted: pairs.map(\.0), truth: pairs.map(\.1))
        let expected = 1 - (0.0 + 1 + 2.0 / 4 + 5.0 / 9 + 1.0 / 4 + 2.0 / 6 + 0) / 7
        try checkClose([accuracy, try characterAccuracy(predicted: [], truth: [])], [expected, 1], rtol: 1e-12, "character accuracy")
    }
}
