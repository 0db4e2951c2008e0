import DeepLearning
import Foundation
import Testing
import Workbook
@testable import P07

/// jieba's own segmentation of twelve sentences (scripts/p07_jieba_fixtures.py).
struct JiebaCases: Decodable {
    struct Case: Decodable { let sentence: String, words: [String] }
    let total: Int
    let dictionary: [String: Int]
    let cases: [Case]
}

@Suite struct PretrainingTests {
    /// The segmentation equals `jieba.cut(sentence, HMM=False)` on every fixture sentence.
    @Test func segmentationMatchesJieba() throws {
        let fixture = try Fixtures.decode(JiebaCases.self, "p07_jieba.json", in: .module)
        let segmenter = WordSegmenter(counts: fixture.dictionary, total: fixture.total)
        for c in fixture.cases {
            let characters = Array(c.sentence).map(String.init)
            #expect(segmenter.segment(characters).map { characters[$0].joined() } == c.words)
        }
    }

    @Test func aMalformedDictionaryLineIsNamed() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("p07-dict-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: url) }
        try "北京 100 ns\n清华 x n\n".write(to: url, atomically: true, encoding: .utf8)
        #expect(throws: P07Error.self) { try WordSegmenter.load(url) }
    }

    static func corpus() -> (train: [[String]], dev: [[String]]) {
        let sentences = ["张三在北京工作。", "李四生于上海。", "新华社记者报道。", "北京大学位于北京。", "上海的天气很好。", "王五创办了一家公司。"]
        let all = (0..<48).map { Array(sentences[$0 % sentences.count]).map(String.init) }
        return (Array(all.prefix(40)), Array(all.suffix(8)))
    }

    /// A run killed after 20 of 40 steps and resumed ends with the same weights and the
    /// same history as a run that was never stopped; the loss falls; the encoder folder loads.
    @Test func resumedPretrainingEqualsAnUninterruptedRun() throws {
        let (train, dev) = Self.corpus()
        let segmenter = WordSegmenter(counts: ["北京": 10, "上海": 10, "新华社": 5, "记者": 5, "北京大学": 5, "工作": 5, "天气": 5, "公司": 5])
        let settings = PretrainSettings(steps: 40, batchSize: 8, lr: 3e-3, checkpointEvery: 10, minimumCount: 1, hidden: 64, layers: 1)
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("p07-pretrain-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let whole = Pretraining(settings: settings, folder: root.appendingPathComponent("whole"))
        // Each run draws from its own generator, whatever other tests run alongside.
        try Random.withSeed(0) { try whole.run(train: train, dev: dev, segmenter: segmenter, resume: false) }
        let parts = Pretraining(settings: settings, folder: root.appendingPathComponent("parts"))
        try Random.withSeed(0) { try parts.run(train: train, dev: dev, segmenter: segmenter, resume: false, stopAfter: 20) }
        try Random.withSeed(0) { try parts.run(train: train, dev: dev, segmenter: segmenter, resume: true) }

        let a = try PretrainedChineseEncoder.load(from: whole.folder), b = try PretrainedChineseEncoder.load(from: parts.folder)
        #expect(a.table == b.table)
        #expect(a.model.stateDict().keys.sorted() == b.model.stateDict().keys.sorted())
        #expect(a.model.stateDict().allSatisfy { name, t in t.doubles == b.model.stateDict()[name]!.doubles })
        func history(_ run: Pretraining) throws -> [HistoryRecord] {
            try String(contentsOf: run.historyURL, encoding: .utf8).split(separator: "\n").map {
                var row = try JSONDecoder().decode(HistoryRecord.self, from: Data($0.utf8))
                row.seconds = 0
                return row
            }
        }
        let rows = try history(whole)
        #expect(try history(parts) == rows)
        #expect(rows.map(\.step) == [10, 20, 30, 40] && rows.allSatisfy { $0.devLoss != nil })
        #expect(rows.last!.devLoss! < rows.first!.devLoss!)
        #expect(FileManager.default.fileExists(atPath: whole.folder.appendingPathComponent("pretraining-curve.png").path))
        var other = settings
        other.lr = 1e-3
        #expect(throws: P07Error.self, "a checkpoint written with other settings") {
            try Random.withSeed(0) { try Pretraining(settings: other, folder: whole.folder).run(train: train, dev: dev, segmenter: segmenter, resume: true) }
        }
    }
}
