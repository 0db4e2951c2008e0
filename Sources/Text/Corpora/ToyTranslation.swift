import Tensors

/// A deterministic toy language pair for translation models: English sentences from a
/// small grammar and their translations into an invented language with different
/// rules, so a model must learn reordering and inflection, not word-for-word copying.
///
/// English: `subject verb object [place]`, e.g. "the big dogs follow a cat near the river".
/// Toy language:
/// - order subject, place, object, verb (SOV, the place phrase moves forward);
/// - adjectives follow their noun; determiners: the -> lo, a -> na, some -> ke;
/// - plural nouns add "en", plural adjectives add "i" (English "children" and "fish"
///   are irregular, the toy language is not);
/// - the object noun takes the case ending "um";
/// - the verb ends in "a" after a singular subject and "an" after a plural one;
/// - prepositions become postpositions: "near the river" -> "lo rivero pres".
///
/// ```swift
/// let pairs = ToyTranslation.pairs(count: 2000, seed: 0)   // [SentencePair], e.g.
/// // "the big dogs follow a cat near the river" -> "lo kaneen grandai lo rivero pres na gatoum sekvan"
/// // "she eats some red fish"                   -> "la ke piskoenum rugai manga"
/// ```
public enum ToyTranslation {
    /// A noun phrase (determiner, optional adjective, noun), or a pronoun when `noun` is one.
    public struct NounPhrase: Equatable, Sendable {
        public var determiner: String?
        public var adjective: String?
        public var noun: String
        public var plural: Bool
        public init(determiner: String?, adjective: String? = nil, noun: String, plural: Bool) {
            (self.determiner, self.adjective, self.noun, self.plural) = (determiner, adjective, noun, plural)
        }
    }

    /// One sentence of the grammar, before it is written in either language.
    public struct Sentence: Equatable, Sendable {
        public var subject: NounPhrase
        public var verb: String
        public var object: NounPhrase
        /// A preposition and a place noun ("near", "river"), or nil.
        public var place: (preposition: String, noun: String)?
        public static func == (x: Sentence, y: Sentence) -> Bool {
            x.subject == y.subject && x.verb == y.verb && x.object == y.object
                && x.place?.preposition == y.place?.preposition && x.place?.noun == y.place?.noun
        }
    }

    static let nouns = [
        "cat": "gato", "dog": "kane", "bird": "avo", "child": "pupo", "farmer": "agro",
        "teacher": "magistro", "apple": "pomo", "book": "libro", "ball": "bulo", "fish": "pisko",
    ]
    static let irregularPlurals = ["child": "children", "fish": "fish"]
    static let adjectives = ["big": "granda", "small": "eta", "red": "ruga", "old": "malnova", "happy": "felica"]
    static let verbs = ["see": "vid", "like": "sat", "eat": "mang", "find": "trov", "follow": "sekv"]
    static let pronouns: [String: (word: String, plural: Bool)] = ["he": ("lu", false), "she": ("la", false), "they": ("loro", true)]
    static let places = ["park": "parko", "river": "rivero", "house": "domo", "garden": "gardeno"]
    static let prepositions = ["in": "ina", "near": "pres"]
    static let determiners = ["the": "lo", "a": "na", "some": "ke"]

    /// The English words of a sentence.
    public static func english(_ s: Sentence) -> [String] {
        func phrase(_ np: NounPhrase) -> [String] {
            if pronouns[np.noun] != nil { return [np.noun] }
            let noun = np.plural ? (irregularPlurals[np.noun] ?? np.noun + "s") : np.noun
            return [np.determiner, np.adjective].compactMap { $0 } + [noun]
        }
        let verb = s.subject.plural ? s.verb : s.verb + "s"
        var words = phrase(s.subject) + [verb] + phrase(s.object)
        if let place = s.place { words += [place.preposition, "the", place.noun] }
        return words
    }

    /// The toy-language words of a sentence.
    public static func translate(_ s: Sentence) -> [String] {
        func phrase(_ np: NounPhrase, object: Bool) -> [String] {
            if let pronoun = pronouns[np.noun] { return [pronoun.word + (object ? "um" : "")] }
            let noun = nouns[np.noun]! + (np.plural ? "en" : "") + (object ? "um" : "")
            let adjective = np.adjective.map { adjectives[$0]! + (np.plural ? "i" : "") }
            return [np.determiner.map { determiners[$0]! }, noun, adjective].compactMap { $0 }
        }
        var words = phrase(s.subject, object: false)
        if let place = s.place { words += ["lo", places[place.noun]!, prepositions[place.preposition]!] }
        words += phrase(s.object, object: true)
        words.append(verbs[s.verb]! + (s.subject.plural ? "an" : "a"))
        return words
    }

    /// A random sentence of the grammar.
    public static func randomSentence(using generator: inout Generator) -> Sentence {
        func pick(_ options: [String]) -> String { options[Int.random(in: 0..<options.count, using: &generator)] }
        func nounPhrase(allowPronoun: Bool) -> NounPhrase {
            if allowPronoun && Int.random(in: 0..<4, using: &generator) == 0 {
                let pronoun = pick(pronouns.keys.sorted())
                return NounPhrase(determiner: nil, noun: pronoun, plural: pronouns[pronoun]!.plural)
            }
            let plural = Bool.random(using: &generator)
            let determiner = plural ? pick(["the", "some"]) : pick(["the", "a"])
            let adjective: String? = Bool.random(using: &generator) ? pick(adjectives.keys.sorted()) : nil
            return NounPhrase(determiner: determiner, adjective: adjective, noun: pick(nouns.keys.sorted()), plural: plural)
        }
        let subject = nounPhrase(allowPronoun: true)
        let verb = pick(verbs.keys.sorted())
        let object = nounPhrase(allowPronoun: false)
        let place = Bool.random(using: &generator) ? (pick(prepositions.keys.sorted()), pick(places.keys.sorted())) : nil
        return Sentence(subject: subject, verb: verb, object: object, place: place)
    }

    /// `count` (English, toy language) pairs, words separated by single spaces.
    public static func pairs(count: Int, seed: UInt64 = 0) -> [SentencePair] {
        var generator = Generator(seed: seed)
        return (0..<count).map { _ in
            let s = randomSentence(using: &generator)
            return SentencePair(source: english(s).joined(separator: " "), target: translate(s).joined(separator: " "))
        }
    }
}
