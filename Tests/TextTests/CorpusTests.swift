import Foundation
import Tensors
import Testing
@testable import Text

@Test func devilsDictionaryLoads() throws {
    let corpus = try Corpus.english()
    #expect(corpus.title == "The Devil's Dictionary" && corpus.licence.contains("public domain"))
    #expect(corpus.text.utf8.count == 383_145)
    #expect(corpus.text.hasPrefix("The Internet Wiretap 1st Online Edition"))
    let words = corpus.text.split(whereSeparator: \.isWhitespace)
    #expect(words.count == 60_853)
    let entries = corpus.entries
    #expect(entries.count > 950 && entries.count < 1_100)
    #expect(entries.first?.word == "ABASEMENT" && entries.first?.partOfSpeech == "n.")
    #expect(entries.last?.word == "ZOOLOGY")
    let cynic = try #require(entries.first { $0.word == "CYNIC" })
    #expect(cynic.definition.hasPrefix("A blackguard whose faulty vision sees things as they are"))
}

@Test func analogyCorpusHasLinearOffsets() {
    let corpus = AnalogyCorpus(sentencesPerPair: 40, seed: 0)
    #expect(corpus.sentences.count == 3 * 12 * 40)
    #expect(corpus.questions.count == 3 * 12 * 11)
    #expect(corpus.sentences == AnalogyCorpus(sentencesPerPair: 40, seed: 0).sentences, "seeded")
    #expect(corpus.sentences != AnalogyCorpus(sentencesPerPair: 40, seed: 1).sentences)

    // Positive PMI co-occurrence vectors (window 4) answer the questions by 3CosAdd:
    // the corpus carries the offsets that word2vec or GloVe would learn.
    let vocab = Array(Set(corpus.sentences.flatMap { $0 })).sorted()
    let index = Dictionary(uniqueKeysWithValues: vocab.enumerated().map { ($1, $0) })
    let v = vocab.count
    var counts = [Double](repeating: 0, count: v * v)
    for sentence in corpus.sentences {
        let ids = sentence.map { index[$0]! }
        for (i, w) in ids.enumerated() {
            for j in max(0, i - 4)..<min(ids.count, i + 5) where j != i { counts[w * v + ids[j]] += 1 }
        }
    }
    let total = counts.reduce(0, +)
    let rows = (0..<v).map { r in counts[r * v..<(r + 1) * v].reduce(0, +) }
    var vectors = (0..<v).map { r in
        (0..<v).map { c in counts[r * v + c] == 0 ? 0 : max(0, log(counts[r * v + c] * total / (rows[r] * rows[c]))) }
    }
    vectors = vectors.map { row in
        let n = sqrt(row.map { $0 * $0 }.reduce(0, +)); return row.map { $0 / n }
    }
    // Cosine similarities of all word pairs at once; 3CosAdd ranks d by cos(d, b) - cos(d, a) + cos(d, c).
    let unit = Tensor(vectors.flatMap { $0 }, shape: [v, v], dtype: .float64)
    let cosine = unit.matmul(unit.T).doubles
    var correct: [String: Int] = [:]
    for q in corpus.questions {
        let (a, b, c) = (index[q.a]!, index[q.b]!, index[q.c]!)
        var best = -1, bestScore = -Double.infinity
        for d in 0..<v where d != a && d != b && d != c {
            let score = cosine[d * v + b] - cosine[d * v + a] + cosine[d * v + c]
            if score > bestScore { (best, bestScore) = (d, score) }
        }
        if vocab[best] == q.d { correct[q.category, default: 0] += 1 }
    }
    for relation in AnalogyCorpus.relations {
        #expect(Double(correct[relation.name] ?? 0) / 132 >= 0.85, "\(relation.name): \(correct[relation.name] ?? 0) of 132")
    }
}

@Test func nerCorpusIsValidBIO() {
    let train = NERCorpus.sentences(count: 300, seed: 0)
    let test = NERCorpus.sentences(count: 100, seed: 1, heldOut: true)
    #expect(train == NERCorpus.sentences(count: 300, seed: 0))
    let trainNames = Set(train.flatMap { s in entities(in: s.tags).map { s.tokens[$0.start...$0.end].joined(separator: " ") } })
    let testNames = Set(test.flatMap { s in entities(in: s.tags).map { s.tokens[$0.start...$0.end].joined(separator: " ") } })
    #expect(trainNames.isDisjoint(with: testNames), "held-out names never appear in training")
    #expect(Set(train.flatMap { entities(in: $0.tags).map(\.type) }) == ["PER", "ORG", "LOC"])
    for sentence in train + test {
        for (i, tag) in sentence.tags.enumerated() where tag.hasPrefix("I-") {
            #expect(i > 0 && sentence.tags[i - 1].dropFirst(2) == tag.dropFirst(2), "I- continues an entity of its type")
        }
    }
    // Scoring the truth against itself is perfect.
    let scores = EntityScores(truth: train.map(\.tags), predicted: train.map(\.tags))
    #expect(scores.micro.f1 == 1 && scores.micro.support == entities(in: train.map(\.tags)).count)
}

@Test func toyTranslationFollowsItsRules() {
    let pairs = ToyTranslation.pairs(count: 500, seed: 0)
    #expect(pairs == ToyTranslation.pairs(count: 500, seed: 0))
    #expect(Set(pairs.map(\.source)).count > 300, "varied sentences")
    let s = ToyTranslation.Sentence(
        subject: .init(determiner: "the", adjective: "big", noun: "dog", plural: true), verb: "follow",
        object: .init(determiner: "a", noun: "cat", plural: false), place: ("near", "river"))
    #expect(ToyTranslation.english(s).joined(separator: " ") == "the big dogs follow a cat near the river")
    #expect(ToyTranslation.translate(s).joined(separator: " ") == "lo kaneen grandai lo rivero pres na gatoum sekvan")
    let t = ToyTranslation.Sentence(
        subject: .init(determiner: nil, noun: "she", plural: false), verb: "eat",
        object: .init(determiner: "some", adjective: "red", noun: "fish", plural: true), place: nil)
    #expect(ToyTranslation.english(t).joined(separator: " ") == "she eats some red fish")
    #expect(ToyTranslation.translate(t).joined(separator: " ") == "la ke piskoenum rugai manga")
    // The translation is a function of the English sentence, and every sentence ends in a verb.
    var seen: [String: String] = [:]
    for pair in pairs {
        #expect(seen[pair.source, default: pair.target] == pair.target)
        seen[pair.source] = pair.target
        #expect(pair.target.hasSuffix("a") || pair.target.hasSuffix("an"))
    }
}

@Test func sequenceTasks() {
    let copies = SequenceTask.copy.examples(count: 50, lengths: 2...6, tokens: 4..<10, seed: 0)
    #expect(copies.allSatisfy { $0.source == $0.target && (2...6).contains($0.source.count) })
    #expect(copies.allSatisfy { $0.source.allSatisfy((4..<10).contains) })
    let reversals = SequenceTask.reverse.examples(count: 50, lengths: 1...8, tokens: 4..<10, seed: 0)
    #expect(reversals.allSatisfy { $0.target == Array($0.source.reversed()) })
    #expect(reversals.map(\.source) == SequenceTask.reverse.examples(count: 50, lengths: 1...8, tokens: 4..<10, seed: 0).map(\.source))
}
