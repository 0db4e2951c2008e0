import DeepLearning
import Foundation

/// PP-OCRv4's recogniser (an SVTR-LCNet CRNN with a CTC head) run by the library's ONNX importer.
///
/// Each line strip is resized to height 48 keeping its aspect ratio, normalised to [−1, 1] and
/// padded with zeros on the right to the width of its batch (rapidocr sorts the strips by aspect
/// ratio and groups them by six; a batch is as wide as 48 × the largest ratio in it, at least
/// 320). The model gives per-frame character probabilities [1, W/8, 6625]; greedy CTC decoding
/// turns them into text.
public final class TextRecognizer {
    let model: ONNXModel
    /// Class k ≥ 1 is `alphabet[k]`; class 0 is the CTC blank.
    public let alphabet: [String]
    public var height = 48, minimumWidth = 320, batchSize = 6

    public init(model url: URL) throws {
        model = try ONNXModel(contentsOf: url)
        guard let list = model.metadata["character"] else {
            throw P03Error.badInput("\(url.path) has no `character` list in its metadata: not a PaddleOCR recogniser")
        }
        // Python's str.splitlines, as rapidocr reads it: no empty entry after a final newline.
        var lines = list.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        if lines.last == "" { lines.removeLast() }
        alphabet = ["blank"] + lines + [" "]
    }

    /// Text and confidence for each strip, in the order given.
    public func recognize(_ strips: [BGRImage]) throws -> [(text: String, confidence: Double)] {
        let ratios = strips.map { Double($0.width) / Double($0.height) }
        let order = ratios.indices.sorted { ratios[$0] < ratios[$1] }
        var results = [(text: String, confidence: Double)](repeating: ("", 0), count: strips.count)
        for start in stride(from: 0, to: order.count, by: batchSize) {
            let batch = order[start..<min(start + batchSize, order.count)]
            let widest = batch.map { ratios[$0] }.reduce(Double(minimumWidth) / Double(height), max)
            let paddedWidth = Int(Double(height) * widest)
            for i in batch {
                let width = min(paddedWidth, Int((Double(height) * ratios[i]).rounded(.up)))
                let input = strips[i].resized(width: width, height: height).normalizedTensor(paddedWidth: paddedWidth)
                let probabilities = try model(input)
                results[i] = try greedyCTCDecode(frames(probabilities), alphabet: alphabet)
            }
        }
        return results
    }

    /// [1, T, C] -> T rows of C probabilities.
    func frames(_ probabilities: Tensor) throws -> [[Float]] {
        guard probabilities.rank == 3, probabilities.shape[2] == alphabet.count else {
            throw P03Error.badInput("the recogniser gave shape \(probabilities.shape), expected [1, T, \(alphabet.count)]")
        }
        let values = probabilities.scalars, classes = probabilities.shape[2]
        return (0..<probabilities.shape[1]).map { t in Array(values[(t * classes)..<((t + 1) * classes)]) }
    }
}
