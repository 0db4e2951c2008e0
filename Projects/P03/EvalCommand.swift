import ArgumentParser
import DeepLearning
import FileIO
import Foundation

/// rapidocr's output for the sample images (scripts/p03_fixtures.py).
struct ReferenceOutput: Decodable {
    struct Line: Decodable { let box: [[Double]]; let text: String; let score: Double }
    let characters: Int
    /// "min" (the shorter side scaled to 736 px) or "max" (the size kept) -> image -> lines.
    let settings: [String: [String: [Line]]]
}

/// How the Swift pipeline's lines compare with rapidocr's on one image.
struct Agreement: Codable {
    var image: String
    var lines: Int, referenceLines: Int
    var sameText: Int
    var characterAccuracy: Double
    /// The largest distance, in pixels, between a corner and rapidocr's corner of the same line
    /// (over the lines that both found).
    var maxCornerError: Double
    var seconds: Double

    /// Each rapidocr line is paired with our line whose corners are nearest (a line counts as
    /// found when they are within 4 px); a line we miss reads as "" in the character accuracy.
    init(image: String, ours: [OCRLine], reference: [ReferenceOutput.Line], seconds: Double) throws {
        (self.image, lines, referenceLines, self.seconds) = (image, ours.count, reference.count, seconds)
        func cornerError(_ a: [[Double]], _ b: [[Double]]) -> Double { zip(a, b).map { hypot($0[0] - $1[0], $0[1] - $1[1]) }.max() ?? .infinity }
        let matches: [(line: OCRLine, error: Double)?] = reference.map { ref in
            ours.map { ($0, cornerError($0.box, ref.box)) }.min { $0.1 < $1.1 }.flatMap { $0.1 <= 4 ? $0 : nil }
        }
        sameText = zip(matches, reference).filter { $0.0?.line.text == $0.1.text }.count
        characterAccuracy = try P03.characterAccuracy(predicted: matches.map { $0?.line.text ?? "" }, truth: reference.map(\.text))
        maxCornerError = matches.compactMap { $0?.error }.max() ?? 0
    }
}

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the Swift pipeline on the prepared images and compare it with rapidocr's output line by line (text, corners, time).")

    @Option(help: "rapidocr's output, written by scripts/p03_fixtures.py.") var reference = "Tests/P03Tests/Fixtures/rapidocr.json"
    @Option(help: "Output folder.") var out = "out/P03/eval"
    @Flag(help: "Keep the image size for detection (sides rounded to multiples of 32) instead of scaling the shorter side to 736 px.") var keepSize = false
    @Option(help: "Only these images (names in the reference).") var only: [String] = []

    func run() throws {
        guard let data = FileManager.default.contents(atPath: reference) else {
            throw P03Error.missing(reference, fix: "run from the repository root, or pass --reference")
        }
        let expected: ReferenceOutput
        do { expected = try JSONDecoder().decode(ReferenceOutput.self, from: data) } catch {
            throw P03Error.badInput("\(reference) is not rapidocr output: \(error)")
        }
        let pipeline = try OCRPipeline(scaling: keepSize ? .keep : .shorterSideAtLeast(736))
        guard let images = expected.settings[keepSize ? "max" : "min"] else { throw P03Error.badInput("\(reference) has no results for this scaling") }
        guard pipeline.recognizer.alphabet.count == expected.characters else {
            throw P03Error.badInput("the recogniser has \(pipeline.recognizer.alphabet.count) classes, rapidocr \(expected.characters)")
        }
        let folder = URL(fileURLWithPath: out)
        var rows: [Agreement] = []
        print("image            lines (rapidocr)  same text  char. accuracy  max corner error  time")
        for name in images.keys.sorted() where only.isEmpty || only.contains(name) {
            let image = try BGRImage.read(PaddleModels.images.appendingPathComponent(name))
            let start = Date()
            let lines = try pipeline.read(image)
            let row = try Agreement(image: name, ours: lines, reference: images[name]!, seconds: Date().timeIntervalSince(start))
            rows.append(row)
            print(
                String(
                    format: "%-16@ %5d (%5d)  %9d  %14.4f  %13.1f px  %5.1f s", name, row.lines, row.referenceLines, row.sameText,
                    row.characterAccuracy, row.maxCornerError, row.seconds))
            try writeResult(lines, image: image, to: folder.appendingPathComponent(URL(fileURLWithPath: name).deletingPathExtension().lastPathComponent))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try encoder.encode(rows), to: folder.appendingPathComponent("agreement.json"))
        print("figures and agreement.json in \(folder.path)")
    }
}
