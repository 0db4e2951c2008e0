import DeepLearning
import FileIO
import Foundation

/// One sentence of the relation data set: the subject (E1) and the object (E2), and the
/// relation that holds from the subject to the object, or `no_relation`.
struct RelationExample: Codable, Equatable, Sendable {
    var text: String
    var subject: EntityMention
    var object: EntityMention
    var relation: String
    /// Which template wrote the sentence (its index in `RelationSchema.templates`).
    var template: Int
}

/// The names that fill the templates, by entity type ("PER", "LOC", "ORG").
struct EntityNames: Codable, Equatable {
    var names: [String: [String]]

    /// Entities of MSRA's training split, with plausible lengths (a name of 2–4 characters,
    /// a place of 2–8, an organization of 3–14).
    static func chinese(from sentences: [TaggedSentence]) -> EntityNames {
        let lengths = ["PER": 2...4, "LOC": 2...8, "ORG": 3...14]
        var found: [String: Set<String>] = [:]
        for sentence in sentences {
            for entity in entities(in: sentence.tags) where lengths[entity.type]?.contains(entity.end - entity.start + 1) == true {
                found[entity.type, default: []].insert(sentence.tokens[entity.start...entity.end].joined())
            }
        }
        return EntityNames(names: found.mapValues { $0.sorted() })
    }

    /// Splits every list into names for training (`share` of them) and held-out names for dev and test.
    func split(share: Double, seed: UInt64) -> (train: EntityNames, heldOut: EntityNames) {
        var generator = Generator(seed: seed)
        var train: [String: [String]] = [:], heldOut: [String: [String]] = [:]
        for type in names.keys.sorted() {
            let shuffled = names[type]!.shuffled(using: &generator)
            let cut = Int((Double(shuffled.count) * share).rounded())
            (train[type], heldOut[type]) = (Array(shuffled[..<cut]), Array(shuffled[cut...]))
        }
        return (EntityNames(names: train), EntityNames(names: heldOut))
    }
}

/// Builds the template data set of one language.
struct RelationDataBuilder {
    var language: String
    var names: EntityNames
    var trainPerTemplate = 60
    var evalPerTemplate = 40
    var seed: UInt64 = 11

    /// Where a template goes: position 0–2 of each five to train, 3 to dev, 4 to test.
    static func split(ofTemplateAt index: Int) -> String { ["train", "train", "train", "dev", "test"][index % 5] }

    /// The three splits. Training sentences use 80 % of the names, dev and test the rest,
    /// so neither a test wording nor a test name is seen in training.
    func build() throws -> [String: [RelationExample]] {
        let (trainNames, heldOutNames) = names.split(share: 0.8, seed: seed)
        var generator = Generator(seed: seed &+ 1)
        var splits: [String: [RelationExample]] = ["train": [], "dev": [], "test": []]
        let templates = RelationSchema.templates(language)
        var positionInGroup = 0, previous: (String, String, String)?
        for (index, template) in templates.enumerated() {
            let group = (template.relation, template.subjectType, template.objectType)
            positionInGroup = previous.map { $0 == group } == true ? positionInGroup + 1 : 0
            previous = group
            let split = Self.split(ofTemplateAt: positionInGroup)
            let pool = split == "train" ? trainNames : heldOutNames
            for _ in 0..<(split == "train" ? trainPerTemplate : evalPerTemplate) {
                splits[split]!.append(try Self.fill(template, index: index, names: pool, using: &generator))
            }
        }
        return splits
    }

    /// One sentence from a template: a random subject and a different random object.
    static func fill(_ template: RelationTemplate, index: Int, names: EntityNames, using generator: inout Generator) throws -> RelationExample {
        guard let subjects = names.names[template.subjectType], let objects = names.names[template.objectType],
            subjects.count > 1, objects.count > 1
        else {
            throw P07Error.badInput("too few \(template.subjectType) or \(template.objectType) names for the relation templates")
        }
        let subject = subjects.randomElement(using: &generator)!
        var object = objects.randomElement(using: &generator)!
        while object == subject { object = objects.randomElement(using: &generator)! }
        return fill(template, index: index, subject: subject, object: object)
    }

    /// The template's text with `{1}` and `{2}` replaced, and their code-point offsets.
    static func fill(_ template: RelationTemplate, index: Int, subject: String, object: String) -> RelationExample {
        var text = "", spans: [String: (Int, Int)] = [:]
        var rest = Substring(template.text)
        while let open = rest.firstIndex(of: "{") {
            text += rest[..<open]
            let slot = String(rest[rest.index(after: open)])
            let name = slot == "1" ? subject : object
            let start = text.unicodeScalars.count
            text += name
            spans[slot] = (start, text.unicodeScalars.count)
            rest = rest[rest.index(open, offsetBy: 3)...]
        }
        text += rest
        return RelationExample(
            text: text,
            subject: EntityMention(type: template.subjectType, start: spans["1"]!.0, end: spans["1"]!.1),
            object: EntityMention(type: template.objectType, start: spans["2"]!.0, end: spans["2"]!.1),
            relation: template.relation, template: index)
    }
}

/// The prepared relation sets: `<cache>/P07/relations/<language>/{train,dev,test}.jsonl`.
enum RelationFiles {
    static var root: URL { courseCacheFolder.appendingPathComponent("P07/relations") }

    static func url(_ split: String, language: String, in root: URL = root) -> URL {
        root.appendingPathComponent(language).appendingPathComponent("\(split).jsonl")
    }

    static func write(_ examples: [RelationExample], to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let lines = try examples.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        try AtomicFile.write(Data((lines.joined(separator: "\n") + "\n").utf8), to: url)
    }

    /// Reads a split, refusing a line that is not an example or whose spans fall outside its text.
    static func read(_ split: String, language: String, in root: URL = root) throws -> [RelationExample] {
        let url = url(split, language: language, in: root)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw P07Error.missing(url.path, fix: "swift run P07 relations prepare")
        }
        let decoder = JSONDecoder()
        return try String(decoding: data, as: UTF8.self).split(separator: "\n").enumerated().map { number, line in
            guard let example = try? decoder.decode(RelationExample.self, from: Data(line.utf8)),
                RelationSchema.labels.contains(example.relation),
                [example.subject, example.object].allSatisfy({ 0 <= $0.start && $0.start < $0.end && $0.end <= example.text.unicodeScalars.count })
            else {
                throw P07Error.badInput("\(url.path):\(number + 1): not a relation example")
            }
            return example
        }
    }
}
