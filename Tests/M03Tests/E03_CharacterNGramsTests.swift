import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M03

@Suite(.exercise("M03-E03")) struct M03_E03 {
    @Test func whereAsInThePaper() throws {
        #expect(try characterNGrams("where", minN: 3, maxN: 3) == ["<wh", "whe", "her", "ere", "re>"])
    }

    @Test func fastTextOrderByStartThenLength() throws {
        #expect(try characterNGrams("cat", minN: 3, maxN: 4) == ["<ca", "<cat", "cat", "cat>", "at>"])
    }
}
