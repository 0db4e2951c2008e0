import DeepLearning
import FileIO
import Foundation

/// Chinese word boundaries from jieba's dictionary (`jieba/dict.txt`: word, count, part of
/// speech), found as jieba finds them without its HMM: every dictionary word starting at
/// each character forms a graph, and the path of words with the highest product of
/// probabilities (count / total) is the segmentation. A character in no word is a word of its own.
struct WordSegmenter {
    static let sdistRequirement = "jieba==0.42.1"
    static let sdistFile = "jieba-0.42.1.tar.gz"
    static let licence = "jieba 0.42.1 dictionary (MIT)"

    /// log(count / total) of each word.
    let logProbability: [String: Double]
    /// The longest word, in characters.
    let longest: Int
    /// log(1 / total): the score of a character in no word.
    let unknown: Double

    /// `total` is the sum of all counts of the dictionary file (jieba adds every line,
    /// also a word's repeated lines, of which the last count stands).
    init(counts: [String: Int], total: Int? = nil) {
        let total = Double(max(total ?? counts.values.reduce(0, +), 1))
        logProbability = counts.filter { $0.value > 0 }.mapValues { log(Double($0) / total) }
        longest = logProbability.keys.map(\.count).max() ?? 1
        unknown = log(1 / total)
    }

    /// Reads jieba's `dict.txt`; a line that is not "word count [tag]" is an error naming it.
    static func load(_ url: URL) throws -> WordSegmenter {
        guard let data = FileManager.default.contents(atPath: url.path) else { throw P07Error.missing(url.path, fix: "swift run P07 pretrain") }
        var counts: [String: Int] = [:], total = 0
        for (n, line) in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).enumerated() {
            let fields = line.split(separator: " ")
            guard fields.count >= 2, let count = Int(fields[1]), count >= 0 else { throw P07Error.badInput("\(url.path):\(n + 1): not a dictionary line") }
            counts[String(fields[0])] = count
            total += count
        }
        return WordSegmenter(counts: counts, total: total)
    }

    /// The words of `characters`, as ranges of character indices.
    func segment(_ characters: [String]) -> [Range<Int>] {
        let n = characters.count
        guard n > 0 else { return [] }
        // best[i]: the best score of characters i..<n and the end of its first word.
        var best = [(score: Double, end: Int)](repeating: (0, n), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            best[i] = (unknown + best[i + 1].score, i + 1)
            var word = ""
            for j in i..<min(n, i + longest) {
                word += characters[j]
                if let p = logProbability[word], p + best[j + 1].score > best[i].score || j == i { best[i] = (p + best[j + 1].score, j + 1) }
            }
        }
        var words: [Range<Int>] = [], i = 0
        while i < n { words.append(i..<best[i].end); i = best[i].end }
        return words
    }
}
