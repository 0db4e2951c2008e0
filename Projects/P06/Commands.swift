import ArgumentParser
import DeepLearning
import FileIO
import Foundation

/// What can go wrong, each with a message and exit code instead of a trap.
enum P06Error: Error, CustomStringConvertible {
    case missingData(String)
    case missingModel(String)
    case badInput(String)
    case tool(String)

    var description: String {
        switch self {
        case let .missingData(m): return "missing data: \(m) (run `swift run P06 prepare`)"
        case let .missingModel(path): return "no model at \(path) (run `swift run P06 train`)"
        case let .badInput(m): return "bad input: \(m)"
        case let .tool(m): return m
        }
    }
}

struct P06Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "P06",
        abstract: "Transformer translation with BPE, English ↔ Chinese (基于Transformer的翻译系统).",
        subcommands: [Tour.self, Prepare.self, Train.self, Eval.self, Translate.self, Twin.self],
        defaultSubcommand: Tour.self)
}

/// Where the corpus and tokenizer live.
struct DataOptions: ParsableArguments {
    @Option(help: "Data folder (corpus, tokenizer). Default: ~/.cache/deep-learning-course/P06")
    var data: String?

    var folder: URL {
        data.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser
            .appendingPathComponent(".cache/deep-learning-course/P06")
    }

    func split(_ name: String) throws -> [SentencePair] {
        let url = folder.appendingPathComponent("\(name).tsv")
        guard FileManager.default.fileExists(atPath: url.path) else { throw P06Error.missingData(url.path) }
        return try ParallelTSV.read(from: url)
    }

    func tokenizer() throws -> MetaspaceBPE {
        let url = folder.appendingPathComponent("tokenizer.json")
        guard FileManager.default.fileExists(atPath: url.path) else { throw P06Error.missingData(url.path) }
        return try MetaspaceBPE.loadTokenizerJSON(from: url)
    }
}

struct Prepare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Download the two Debian help packages, align their paragraphs, clean, split by page, train the BPE tokenizer.")

    @OptionGroup var data: DataOptions
    @Option(help: "Seed of the page split.") var seed: UInt64 = 6
    @Option(help: "Joint BPE vocabulary size.") var vocabulary = 8000
    @Flag(help: "Rebuild even when the files exist.") var force = false

    func run() throws {
        let folder = data.folder
        let fm = FileManager.default
        try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        let tokenizerURL = folder.appendingPathComponent("tokenizer.json")
        if !force && fm.fileExists(atPath: tokenizerURL.path) && fm.fileExists(atPath: folder.appendingPathComponent("test.tsv").path) {
            print("\(folder.path): corpus and tokenizer already prepared (use --force to rebuild)")
            return
        }
        let help = try DebianPackages.unpackHelp(into: folder)
        let start = Date()
        let (splits, counts) = try HelpCorpus.build(help: help, seed: seed)
        print(
            "aligned \(counts.aligned) paragraphs from \(counts.pages) pages; dropped empty \(counts.empty), untranslated \(counts.untranslated), long \(counts.long), ratio \(counts.ratio), duplicate \(counts.duplicate)"
        )
        print(
            "split by page (seed \(seed)): train \(counts.train) pairs / \(counts.trainPages) pages, valid \(counts.valid) / \(counts.validPages), test \(counts.test) / \(counts.testPages)"
        )
        for (name, pairs) in [("train", splits.train), ("valid", splits.valid), ("test", splits.test)] {
            try ParallelTSV.write(pairs, to: folder.appendingPathComponent("\(name).tsv"))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(counts).write(to: folder.appendingPathComponent("counts.json"), options: .atomic)
        let lines = splits.train.flatMap { [$0.source, $0.target] }
        let bpe = MetaspaceBPE.train(lines: lines, vocabularySize: vocabulary, specials: Specials.names)
        try bpe.saveTokenizerJSON(to: tokenizerURL)
        print("BPE: \(bpe.vocabularySize) tokens (\(bpe.merges.count) merges) from the training split; \(tokenizerURL.path)")
        print(String(format: "prepared in %.0f s", Date().timeIntervalSince(start)))
    }
}

/// `apt-get download` and `dpkg-deb -x` of the help packages, without installing LibreOffice.
enum DebianPackages {
    static let names = ["libreoffice-help-en-us", "libreoffice-help-zh-cn"]

    static func unpackHelp(into folder: URL) throws -> URL {
        let help = folder.appendingPathComponent("unpacked/usr/share/libreoffice/help")
        if FileManager.default.fileExists(atPath: help.appendingPathComponent("zh-CN/text").path)
            && FileManager.default.fileExists(atPath: help.appendingPathComponent("en-US/text").path)
        {
            return help
        }
        let debs = folder.appendingPathComponent("debs")
        try FileManager.default.createDirectory(at: debs, withIntermediateDirectories: true)
        try runTool(["apt-get", "download"] + names, in: debs, hint: "is this Debian/Ubuntu with apt?")
        let files = try FileManager.default.contentsOfDirectory(atPath: debs.path).filter { $0.hasSuffix(".deb") }
        guard files.count >= names.count else { throw P06Error.tool("apt-get download left \(files) in \(debs.path)") }
        for file in files { try runTool(["dpkg-deb", "-x", file, "../unpacked"], in: debs, hint: "is this Debian/Ubuntu with apt?") }
        return help
    }

}
