import ArgumentParser
import DeepLearning
import FileIO
import Foundation

/// Entity scores of a tagger on a split, in seqeval's two modes.
struct EvaluationReport: Codable {
    struct Scores: Codable { var precision: Double, recall: Double, f1: Double, support: Int }
    var split: String
    var sentences: Int
    var lenient: Scores
    var strict: Scores
    var perType: [String: Scores]

    init(split: String, truth: [[String]], predicted: [[String]]) {
        func scores(_ s: PrecisionRecallF1) -> Scores { Scores(precision: s.precision, recall: s.recall, f1: s.f1, support: s.support) }
        let lenient = EntityScores(truth: truth, predicted: predicted)
        self.split = split
        sentences = truth.count
        self.lenient = scores(lenient.micro)
        strict = scores(EntityScores(truth: truth, predicted: predicted, reading: .strictIOB2).micro)
        perType = lenient.perType.mapValues(scores)
    }

    var table: String {
        var lines = ["type   precision  recall      F1   support"]
        func row(_ name: String, _ s: Scores) -> String {
            name.padding(toLength: 6, withPad: " ", startingAt: 0) + String(format: " %9.4f %7.4f %7.4f %9d", s.precision, s.recall, s.f1, s.support)
        }
        lines += perType.keys.sorted().map { row($0, perType[$0]!) }
        lines.append(row("micro", lenient))
        lines.append(row("strict", strict) + "   (seqeval mode=strict, scheme=IOB2)")
        return lines.joined(separator: "\n")
    }
}

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Entity precision, recall and F1 (seqeval, default and strict) on the test split.")

    @OptionGroup var data: DataOptions
    @Option(help: "The training run's folder (BiLSTM-CRF or BERT).") var model = "out/P07/bilstm-crf-100"
    @Option(help: "test or dev.") var split = "test"

    func run() throws {
        guard ["test", "dev"].contains(split) else { throw P07Error.badInput("split must be test or dev") }
        let folder = URL(fileURLWithPath: model)
        let tagger = try loadEntityTagger(from: folder)
        let sentences = try data.split(split)
        let start = Date()
        let predicted = try tagger.tag(sentences.map(\.tokens))
        let report = EvaluationReport(split: split, truth: sentences.map(\.tags), predicted: predicted)
        print("\(split): \(sentences.count) sentences tagged in \(String(format: "%.1f", Date().timeIntervalSince(start))) s")
        print(report.table)
        let url = folder.appendingPathComponent("results-\(split).json")
        try AtomicFile.write(try prettyJSON(report), to: url)
        print("wrote \(url.path)")
    }
}

struct Extract: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Text in, entities with character offsets (and relations between them) out, as JSON (one text per argument, or lines of standard input).")

    @Option(help: "The training run's folder.") var model = "out/P07/bilstm-crf-100"
    @Option(help: "A relation model's folder (`relations train --language zh`); none: entities only.") var relations: String?
    @Option(help: "Also draw the entities and relations found as a graph, to this PNG file.") var graph: String?
    @Argument(help: "Texts; none: read standard input, one text per line.") var texts: [String] = []

    func run() throws {
        let extractor = try Extractor.load(tagger: model, relations: relations)
        var inputs = texts
        if inputs.isEmpty { while let line = readLine() { inputs.append(line) } }
        inputs = inputs.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        guard !inputs.isEmpty else { throw P07Error.badInput("no text given") }
        let found = try extractor.extract(inputs)
        print(try prettyJSON(found))
        if let graph {
            try EntityGraph(found).draw().write(to: URL(fileURLWithPath: graph))
            FileHandle.standardError.write(Data("wrote \(graph)\n".utf8))
        }
    }
}
