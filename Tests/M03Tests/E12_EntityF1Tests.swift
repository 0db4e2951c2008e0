import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M03

@Suite(.exercise("M03-E12")) struct M03_E12 {
    @Test func readsBIOasSeqeval() throws {
        #expect(
            try bioEntities(["B-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-ORG", "O"]) == [
                Entity(type: "PER", start: 0, end: 1), Entity(type: "LOC", start: 3, end: 3), Entity(type: "LOC", start: 4, end: 4),
                Entity(type: "ORG", start: 5, end: 5),
            ])
        #expect(try bioEntities(["I-PER", "I-PER", "O"]) == [Entity(type: "PER", start: 0, end: 1)])
    }

    @Test func microF1() throws {
        let truth = [["B-PER", "I-PER", "O", "B-LOC"], ["B-ORG", "O"]]
        let predicted = [["B-PER", "O", "O", "B-LOC"], ["B-ORG", "O"]]
        #expect(abs(try entityF1(truth: truth, predicted: predicted) - 2.0 / 3) < 1e-12)
    }
}
