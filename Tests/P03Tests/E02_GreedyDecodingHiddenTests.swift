import ExerciseTesting
import Testing
import Workbook
@testable import P03

@Suite(.exercise("P03-E02")) struct P03_E02_Hidden {
    @Test func blanksOnlyAndChineseText() throws {
        let alphabet = ["blank", "合", "计", " "]
        let empty = try greedyCTCDecode([[0.9, 0.05, 0.03, 0.02], [0.6, 0.2, 0.1, 0.1]], alphabet: alphabet)
        try checkEqual([empty.text], [""], "text of blank frames")
        try checkClose([empty.confidence], [0], "confidence of nothing")
        let frames: [[Float]] = [
            [0.1, 0.5, 0.2, 0.2], [0.1, 0.5, 0.2, 0.2], [0.1, 0.2, 0.6, 0.1], [0.3, 0.1, 0.3, 0.3],
            [0.2, 0.1, 0.1, 0.6], [0.2, 0.2, 0.55, 0.05],
        ]
        let read = try greedyCTCDecode(frames, alphabet: alphabet)
        // frame 3 ties blank with 计 and space: the first, the blank, wins.
        try checkEqual([read.text], ["合计 计"], "decoded text")
        try checkClose([read.confidence], [(0.5 + 0.6 + 0.6 + 0.55) / 4], rtol: 1e-6, "mean confidence")
    }
}
