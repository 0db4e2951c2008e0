// Any bytes as tab-separated parallel text.
import Foundation
@testable import Text

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    _ = try? ParallelTSV.parse(String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self))
    return 0
}

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutableRawPointer, _ argv: UnsafeMutableRawPointer) -> CInt {
    writeSeedsIfAsked { folder in
        try ParallelTSV.write([SentencePair(source: "Hallo Welt", target: "hello world")], to: folder.appendingPathComponent("pairs.tsv"))
    }
}
