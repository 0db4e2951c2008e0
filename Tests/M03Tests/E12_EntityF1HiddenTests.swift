import DeepLearning
import Testing
import Workbook
@testable import M03

@Suite struct M03_E12_Hidden {
    @Test func agreesWithTheSeqevalScorerOnRandomTags() throws {
        var generator = Generator(seed: 121)
        let tags = ["O", "O", "B-PER", "I-PER", "B-LOC", "I-LOC", "I-ORG"]
        func sentence(_ n: Int) -> [String] { (0..<n).map { _ in tags[Int.random(in: 0..<tags.count, using: &generator)] } }
        for _ in 0..<30 {
            let lengths = (0..<4).map { _ in Int.random(in: 1...9, using: &generator) }
            let (truth, predicted) = (lengths.map(sentence), lengths.map(sentence))
            for s in truth { #expect(try bioEntities(s) == entities(in: s)) }
            #expect(abs(try entityF1(truth: truth, predicted: predicted) - EntityScores(truth: truth, predicted: predicted).micro.f1) < 1e-12)
        }
    }
}
