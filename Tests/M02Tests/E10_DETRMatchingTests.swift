import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M02

@Suite(.exercise("M02-E10")) struct M02_E10 {
    @Test func costAndAssignmentMatchTheReference() throws {
        let ref = try fixture("detr_matching")
        let match = try detrMatch(
            probabilities: ref.tensor("probabilities"), predictedBoxes: ref.tensor("predictedBoxes"),
            labels: ref.tensor("labels"), targetBoxes: ref.tensor("targetBoxes"))
        try checkClose(match.cost, ref.tensor("cost"), rtol: 1e-9, atol: 1e-12, "matching cost [Q, T]")
        let expected = try ref.values("queryForObject").map { Int($0) }
        #expect(match.queryForObject == expected, "the least-cost assignment (brute force over all 120)")
    }
}
