import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M03

@Suite(.exercise("M03-E12")) struct M03_E12_Hidden {
    @Test func agreesWithTheSeqevalScorerOnRandomTags() throws {
        var generator = Generator(seed: 121)
        let tags = ["O", "O", "B-PER", "I-PER", "B-LOC", "I-LOC", "I-ORG"]
        func sentence(_ n: Int) -> [String] { (0..<n).map { _ in tags[Int.random(in: 0..<tags.count, using: &generator)] } }
        for _ in 0..<30 {
            let lengths = (0..<4).map { _ in Int.random(in: 1...9, using: &generator) }
            let (truth, predicted) = (lengths.map(sentence), lengths.map(sentence))
            for s in truth { try checkEqual(try bioEntities(s).map { "\($0)" }, entities(in: s).map { "\($0)" }, "entities") }
            try checkClose(
                [try entityF1(truth: truth, predicted: predicted)], [ExerciseTwins.unwatched { EntityScores(truth: truth, predicted: predicted) }.micro.f1],
                rtol: 0, atol: 1e-12, "micro F1")
        }
    }
}
