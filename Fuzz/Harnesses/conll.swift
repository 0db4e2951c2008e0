// Any bytes as CoNLL (token, tag per line) text.
import Foundation
@testable import Text

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    _ = try? CoNLL.parse(String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self))
    return 0
}

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutableRawPointer, _ argv: UnsafeMutableRawPointer) -> CInt {
    writeSeedsIfAsked { folder in
        try CoNLL.write(
            [TaggedSentence(tokens: ["EU", "rejects", "German"], tags: ["B-ORG", "O", "B-MISC"])],
            to: folder.appendingPathComponent("sentences.conll"))
    }
}
