// Any bytes as a vocabulary file, a BPE merges file and a WordPiece vocabulary;
// what loads is used once to encode text.
import Foundation
@testable import Text

let file = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("fuzz-tokenizers-\(getpid())")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    try! Data(bytes: start, count: count).write(to: file)
    if let vocabulary = try? Vocabulary.load(from: file) { _ = vocabulary.encode(["a", "b"]) }
    if let bpe = try? BytePairEncoding.load(from: file) { _ = bpe.encode(word: "lowest") }
    if let wordPiece = try? WordPiece.load(from: file) { _ = wordPiece.encode(word: "unaffable") }
    return 0
}

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutableRawPointer, _ argv: UnsafeMutableRawPointer) -> CInt {
    writeSeedsIfAsked { folder in
        try Vocabulary(tokens: ["the", "cat"]).save(to: folder.appendingPathComponent("vocabulary.json"))
        try BytePairEncoding.train(wordCounts: ["lower": 5, "newest": 6, "widest": 3], merges: 8).save(to: folder.appendingPathComponent("bpe.json"))
        try WordPiece.train(wordCounts: ["unaffable": 3, "able": 5], vocabularySize: 40).save(to: folder.appendingPathComponent("wordpiece.txt"))
    }
}
