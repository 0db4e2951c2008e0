import DeepLearning
import FileIO
import Foundation

/// One id per character, for the Chinese encoder: the special tokens, the relation markers,
/// then the characters, lowercased. Whitespace is skipped; a character not in the table
/// reads as `[UNK]`. Pre-training, NER and relations share it, so a pre-trained encoder's
/// rows mean the same characters in every task.
struct CharacterTable: Equatable {
    static let specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    let vocabulary: [String]
    let index: [String: Int]

    var padId: Int { 0 }
    var unknownId: Int { 1 }
    var clsId: Int { 2 }
    var sepId: Int { 3 }
    var maskId: Int { 4 }
    /// Ids a masked position may be replaced with at random: the characters.
    var characterIds: Range<Int> { (Self.specials.count + RelationTokenizer.markers.count)..<vocabulary.count }

    init(vocabulary: [String]) throws {
        let expected = Self.specials + RelationTokenizer.markers
        guard Array(vocabulary.prefix(expected.count)) == expected, vocabulary.count > expected.count else {
            throw P07Error.badInput("a character table starts with \(expected.joined(separator: " ")) and holds characters after them")
        }
        self.vocabulary = vocabulary
        index = Dictionary(vocabulary.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The characters seen at least `minimumCount` times in `texts`.
    init(texts: [String], minimumCount: Int = 1) throws {
        var counts: [String: Int] = [:]
        for text in texts { for c in text.lowercased() where !c.isWhitespace { counts[String(c), default: 0] += 1 } }
        let characters = counts.filter { $0.value >= minimumCount }.keys.sorted()
        try self.init(vocabulary: Self.specials + RelationTokenizer.markers + characters)
    }

    /// `[CLS]` characters `[SEP]`: what the encoder reads for one sentence, a position per character.
    func sentenceIds(_ characters: [String]) -> [Int] {
        [clsId] + characters.map { index[$0.lowercased()] ?? unknownId } + [sepId]
    }

    /// `vocab.txt` of a BERT folder: one entry a line.
    func write(to url: URL) throws {
        try AtomicFile.write(vocabulary.joined(separator: "\n") + "\n", to: url)
    }

    static func read(from url: URL) throws -> CharacterTable {
        try CharacterTable(vocabulary: try WordPiece.load(from: url).vocabulary)
    }

    func ids(_ text: String) -> [Int] {
        text.lowercased().filter { !$0.isWhitespace }.map { index[String($0)] ?? unknownId }
    }
}
