import Tensors

/// An analogy question "a is to b as c is to d" (Mikolov et al. 2013's `questions-words.txt`):
/// a model answers it with the word closest to `vec(b) - vec(a) + vec(c)`.
public struct AnalogyQuestion: Equatable, Sendable {
    public var category: String
    public var a: String, b: String, c: String
    /// The expected answer.
    public var d: String
}

/// A generated corpus in which word vectors learn three regular relations: country ->
/// capital, male -> female, singular -> plural. Each pair of words shares a topic word
/// ("france"/"paris" with "french", "king"/"queen" with "palace"), and each side of a
/// relation has its own template contexts ("country" vs "city", "he" vs "she", "is" vs
/// "are"), so vec(b) - vec(a) is nearly the same offset for every pair.
///
/// ```swift
/// let corpus = AnalogyCorpus(sentencesPerPair: 40, seed: 0)
/// corpus.sentences[0]      // ["the", "people", "of", "rome", "speak", "italian"] (e.g.)
/// corpus.questions.count   // 396: 12 x 11 per category
/// ```
public struct AnalogyCorpus: Sendable {
    /// Tokenized, lower-case sentences, shuffled.
    public let sentences: [[String]]
    /// Every ordered pair of distinct pairs in each category.
    public let questions: [AnalogyQuestion]

    /// A relation: word pairs (with their shared topic word) and templates for sentences
    /// about the first word, the second word, and both. "{a}", "{b}" and "{t}" are filled in.
    public struct Relation: Sendable {
        public let name: String
        public let pairs: [(a: String, b: String, topic: String)]
        let aTemplates: [String], bTemplates: [String], bothTemplates: [String]
    }

    public static let relations: [Relation] = [
        Relation(
            name: "capital-of-country",
            pairs: [
                ("france", "paris", "french"), ("germany", "berlin", "german"), ("italy", "rome", "italian"),
                ("spain", "madrid", "spanish"), ("japan", "tokyo", "japanese"), ("china", "beijing", "chinese"),
                ("russia", "moscow", "russian"), ("greece", "athens", "greek"), ("portugal", "lisbon", "portuguese"),
                ("poland", "warsaw", "polish"), ("egypt", "cairo", "arabic"), ("sweden", "stockholm", "swedish"),
            ],
            aTemplates: [
                "{a} is a country near the sea", "i visited the country of {a}", "{a} is a large nation",
                "the people of {a} speak {t}", "in {a} they speak {t}",
            ],
            bTemplates: [
                "{b} is a city with many streets", "i visited the city of {b}", "{b} is a busy town",
                "the people of {b} speak {t}", "in {b} they speak {t}",
            ],
            bothTemplates: ["{b} is the capital of {a}", "the capital city of {a} is {b}"]),
        Relation(
            name: "male-female",
            pairs: [
                ("king", "queen", "palace"), ("man", "woman", "adult"), ("boy", "girl", "school"),
                ("prince", "princess", "castle"), ("father", "mother", "parent"), ("son", "daughter", "child"),
                ("brother", "sister", "sibling"), ("uncle", "aunt", "relative"), ("husband", "wife", "marriage"),
                ("actor", "actress", "film"), ("nephew", "niece", "family"), ("grandfather", "grandmother", "old"),
            ],
            aTemplates: [
                "the {a} said that he was tired", "he is a {a}", "the {a} and his {t}",
                "he was the {a} of the {t}", "the {a} lost his {t} hat",
            ],
            bTemplates: [
                "the {b} said that she was tired", "she is a {b}", "the {b} and her {t}",
                "she was the {b} of the {t}", "the {b} lost her {t} hat",
            ],
            bothTemplates: ["the {a} and the {b}"]),
        Relation(
            name: "singular-plural",
            pairs: [
                ("cat", "cats", "mouse"), ("dog", "dogs", "bone"), ("car", "cars", "road"), ("apple", "apples", "fruit"),
                ("house", "houses", "roof"), ("bird", "birds", "sky"), ("tree", "trees", "forest"), ("book", "books", "page"),
                ("horse", "horses", "stable"), ("flower", "flowers", "garden"), ("river", "rivers", "water"),
                ("song", "songs", "music"),
            ],
            aTemplates: [
                "there is one {a} near the {t}", "this {a} is near the {t}", "a single {a} was there",
                "the {a} is next to the {t}", "one {a} sees the {t}",
            ],
            bTemplates: [
                "there are two {b} near the {t}", "these {b} are near the {t}", "many {b} were there",
                "the {b} are next to the {t}", "three {b} see the {t}",
            ],
            bothTemplates: ["one {a} and two {b}"]),
    ]

    /// `sentencesPerPair` sentences for every word pair: 2/5 about each word, 1/5 about both.
    public init(sentencesPerPair: Int = 40, seed: UInt64 = 0) {
        var generator = Generator(seed: seed)
        var sentences: [[String]] = []
        for relation in Self.relations {
            for pair in relation.pairs {
                for _ in 0..<sentencesPerPair {
                    let roll = Int.random(in: 0..<5, using: &generator)
                    let templates = roll < 2 ? relation.aTemplates : roll < 4 ? relation.bTemplates : relation.bothTemplates
                    let template = templates[Int.random(in: 0..<templates.count, using: &generator)]
                    let filled = template.replacingOccurrences(of: "{a}", with: pair.a)
                        .replacingOccurrences(of: "{b}", with: pair.b).replacingOccurrences(of: "{t}", with: pair.topic)
                    sentences.append(filled.split(separator: " ").map(String.init))
                }
            }
        }
        sentences.shuffle(using: &generator)
        self.sentences = sentences
        questions = Self.relations.flatMap { relation in
            relation.pairs.flatMap { first in
                relation.pairs.filter { $0.a != first.a }.map { second in
                    AnalogyQuestion(category: relation.name, a: first.a, b: first.b, c: second.a, d: second.b)
                }
            }
        }
    }
}
