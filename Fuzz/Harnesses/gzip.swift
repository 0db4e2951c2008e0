// Any bytes as gzip or zlib data.
import Foundation
@testable import Datasets

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    _ = try? Gzip.decompress(Array(UnsafeRawBufferPointer(start: start, count: count)))
    return 0
}

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutableRawPointer, _ argv: UnsafeMutableRawPointer) -> CInt {
    writeSeedsIfAsked { folder in
        try Data(Gzip.compress(Array("hello, hello, hello".utf8))).write(to: folder.appendingPathComponent("hello.gz"))
    }
}
