import Tensors

/// Generated named-entity sentences in BIO (IOB2) tagging with three types, PER, ORG and
/// LOC, from templates and name lists (multi-word names make I- tags). Some names are
/// held out of the training split (`heldOutNames`) so a model can be tested on unseen names.
///
/// ```swift
/// let train = NERCorpus.sentences(count: 500, seed: 0)
/// train[0].tokens   // ["Grace", "Hopper", "works", "for", "Initech", "in", "Oslo", "."] (e.g.)
/// train[0].tags     // ["B-PER", "I-PER", "O", "O", "B-ORG", "O", "B-LOC", "O"]
/// try CoNLL.write(train, to: url)
/// ```
public enum NERCorpus {
    public static let names: [String: [String]] = [
        "PER": [
            "Ada Lovelace", "Alan Turing", "Grace Hopper", "Marie Curie", "Niels Bohr", "Emmy Noether", "Ravi Kumar",
            "Mei Chen", "Fatima", "Carlos Ruiz", "Yuki Tanaka", "Anna Karlsson", "Kwame Mensah", "Olga",
        ],
        "ORG": [
            "Acme Corp", "Globex", "Initech", "United Nations", "Red Cross", "World Bank", "Stark Industries",
            "Umbrella Group", "Northwind Traders", "Contoso", "Blue Sky Airlines", "Oceanic",
        ],
        "LOC": [
            "Paris", "New York", "Berlin", "Tokyo", "Cape Town", "Buenos Aires", "Lake Geneva", "Mount Fuji",
            "Sao Paulo", "Oslo", "Nairobi", "Rio de Janeiro",
        ],
    ]

    /// The last two names of each type, used only when `heldOut` is true.
    public static let heldOutNames: [String: [String]] = names.mapValues { Array($0.suffix(2)) }

    public static let templates = [
        "{PER} works for {ORG} in {LOC} .",
        "{PER} visited {LOC} last year .",
        "{ORG} opened an office in {LOC} .",
        "{PER} met {PER} at the {ORG} meeting .",
        "yesterday {PER} flew from {LOC} to {LOC} .",
        "shares of {ORG} rose on Monday .",
        "{PER} said that {ORG} will hire more people .",
        "the weather in {LOC} was cold .",
        "according to {PER} , {ORG} is moving to {LOC} .",
        "nobody expected the news .",
    ]

    /// `count` tagged sentences. With `heldOut: false` the held-out names never appear;
    /// with `heldOut: true` only held-out names are used (a test set of unseen names).
    public static func sentences(count: Int, seed: UInt64 = 0, heldOut: Bool = false) -> [TaggedSentence] {
        var generator = Generator(seed: seed)
        let pool = names.mapValues { all in heldOut ? Array(all.suffix(2)) : Array(all.dropLast(2)) }
        return (0..<count).map { _ in
            let template = templates[Int.random(in: 0..<templates.count, using: &generator)]
            var tokens: [String] = [], tags: [String] = []
            for word in template.split(separator: " ") {
                let slot = word.hasPrefix("{") ? String(word.dropFirst().dropLast()) : nil
                guard let slot, let candidates = pool[slot] else {
                    tokens.append(String(word))
                    tags.append("O")
                    continue
                }
                let name = candidates[Int.random(in: 0..<candidates.count, using: &generator)].split(separator: " ").map(String.init)
                tokens += name
                tags += name.indices.map { $0 == 0 ? "B-\(slot)" : "I-\(slot)" }
            }
            return TaggedSentence(tokens: tokens, tags: tags)
        }
    }
}
