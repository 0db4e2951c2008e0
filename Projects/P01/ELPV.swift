import DeepLearning
import Foundation

/// One cell of the ELPV data set (Buerhop-Lutz et al., 2018; Deitsch et al., 2019):
/// a 300×300 8-bit electroluminescence image, the experts' defect probability
/// (0, ⅓, ⅔ or 1) and the cell type.
///
/// Licence: CC BY-NC-SA 4.0 — non-commercial use only, with attribution, derived
/// data under the same licence. The images are never committed to this repository;
/// `P01 prepare` unpacks them from the `elpv-dataset` wheel into the cache.
struct ELPVCell: Equatable {
    enum CellType: String, CaseIterable { case mono, poly }

    /// `images/cell0001.png`, relative to the data folder.
    var path: String
    var probability: Double
    var type: CellType

    /// 0 for 0, 1 for ⅓, 2 for ⅔, 3 for 1: the 4-level grade.
    var grade: Int { Int((probability * 3).rounded()) }
    /// Defective when the experts' probability is at least 0.5 (Deitsch et al.'s binary task).
    var isDefective: Bool { probability >= 0.5 }
    /// The class index for `task`.
    func label(_ task: Task) -> Int { task == .binary ? (isDefective ? 1 : 0) : grade }
}

/// The two tasks on this data: defective vs functional, and the 4-level grade.
enum Task: String, Codable, CaseIterable {
    case binary, grade
    var classes: Int { self == .binary ? 2 : 4 }
}

enum ELPV {
    static let licence = "ELPV data set, CC BY-NC-SA 4.0 (non-commercial use only; Buerhop-Lutz et al. 2018, Deitsch et al. 2019)"
    static let imageSize = 300
    /// The seed of the fixed train/validation/test split (never the training seed).
    static let splitSeed: UInt64 = 2019

    /// Parses `labels.csv`: one cell a line, `images/cellNNNN.png  <probability>  <mono|poly>`, separated by spaces.
    static func parseLabels(_ text: String, source: String = "labels.csv") throws -> [ELPVCell] {
        var cells: [ELPVCell] = []
        for (number, line) in text.split(whereSeparator: \.isNewline).enumerated() {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," })
            if fields.isEmpty { continue }
            guard fields.count == 3, let p = Double(fields[1]), (0...1).contains(p), let type = ELPVCell.CellType(rawValue: String(fields[2])),
                abs(p * 3 - (p * 3).rounded()) < 1e-6
            else {
                throw P01Error.badInput("\(source) line \(number + 1): expected `images/cellNNNN.png <0|1/3|2/3|1> <mono|poly>`, got `\(line)`")
            }
            cells.append(ELPVCell(path: String(fields[0]), probability: p, type: type))
        }
        guard !cells.isEmpty else { throw P01Error.badInput("\(source) lists no cells") }
        return cells
    }

    /// Splits cell indices into test and the rest, stratified by grade and cell type:
    /// each of the eight strata gives `round(testFraction · n)` of its cells, chosen with `seed`.
    static func stratifiedSplit(_ cells: [ELPVCell], testFraction: Double, seed: UInt64) -> (rest: [Int], test: [Int]) {
        var strata: [String: [Int]] = [:]
        for (i, cell) in cells.enumerated() { strata["\(cell.grade)-\(cell.type.rawValue)", default: []].append(i) }
        var (rest, test) = ([Int](), [Int]())
        for (s, key) in strata.keys.sorted().enumerated() {
            let members = strata[key]!
            var generator = Generator(seed: seed &+ UInt64(s) &* 0x9E37_79B9)
            let order = members.indices.shuffledStably(using: &generator)
            let n = Int((testFraction * Double(members.count)).rounded())
            test += order.prefix(n).map { members[$0] }
            rest += order.dropFirst(n).map { members[$0] }
        }
        return (rest.sorted(), test.sorted())
    }

    /// The fixed split of the whole data set: 25% test, and of the remaining 75% one fifth for
    /// validation (threshold and model selection), the rest for training.
    static func splits(_ cells: [ELPVCell], seed: UInt64) -> (train: [Int], valid: [Int], test: [Int]) {
        let (rest, test) = stratifiedSplit(cells, testFraction: 0.25, seed: seed)
        let (train, valid) = stratifiedSplit(rest.map { cells[$0] }, testFraction: 0.2, seed: seed &+ 1)
        return (train.map { rest[$0] }, valid.map { rest[$0] }, test)
    }

    /// Reads an 8-bit PNG (grey, or colour turned to grey), and resizes it to `size`×`size`:
    /// [size·size] floats in [0, 1].
    static func loadImage(_ path: String, size: Int) throws -> [Float] {
        let image: PNGImage
        do { image = try PNGImage.read(URL(fileURLWithPath: path)) } catch { throw P01Error.badInput("cannot read \(path): \(error)") }
        guard image.width >= 16, image.height >= 16 else {
            throw P01Error.badInput("\(path) is \(image.width)×\(image.height); a cell image needs at least 16×16 pixels")
        }
        let grey = image.channels == 1 ? image : image.converted(channels: 1)
        let t = grey.tensor()
        let resized = t.shape[1] == size && t.shape[2] == size ? t : resize(t, height: size, width: size)
        return resized.scalars
    }
}

extension Range where Bound == Int {
    /// A Fisher–Yates shuffle written out, so the order does not depend on the Swift version.
    func shuffledStably(using generator: inout Generator) -> [Int] {
        var order = Array(self)
        for i in Swift.stride(from: order.count - 1, to: 0, by: -1) {
            let j = Int(generator.next() % UInt64(i + 1))
            order.swapAt(i, j)
        }
        return order
    }
}

/// The images of some cells, resized once and held in memory, with their labels.
struct CellImages {
    let size: Int
    /// One [size·size] image per cell.
    var pixels: [[Float]]
    var cells: [ELPVCell]

    var count: Int { cells.count }

    static func load(_ cells: [ELPVCell], folder: URL, size: Int) throws -> CellImages {
        // Two threads decode the images; each result goes into its slot under a lock.
        let loaded = Locked([Result<[Float], Error>?](repeating: nil, count: cells.count))
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            for i in Swift.stride(from: part, to: cells.count, by: 2) {
                let image = Result { try ELPV.loadImage(folder.appendingPathComponent(cells[i].path).path, size: size) }
                loaded.withLock { $0[i] = image }
            }
        }
        let pixels = try loaded.withLock { $0 }.map { try $0!.get() }
        return CellImages(size: size, pixels: pixels, cells: cells)
    }

    /// A batch [n, 1, size, size] of the images at `indices`, each passed through `transform`.
    func batch(_ indices: [Int], transform: (Int, [Float]) -> [Float] = { $1 }) -> Tensor {
        var values: [Float] = []
        values.reserveCapacity(indices.count * size * size)
        for i in indices { values += transform(i, pixels[i]) }
        return Tensor(values, shape: [indices.count, 1, size, size])
    }

    func labels(_ indices: [Int], task: Task) -> [Int] { indices.map { cells[$0].label(task) } }
}
