// Any bytes as CSV text, with and without a header row.
import Foundation
@testable import Datasets

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    _ = try? CSVTable(text: text, hasHeader: true)
    _ = try? CSVTable(text: text, hasHeader: false, delimiter: ";")
    return 0
}

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutableRawPointer, _ argv: UnsafeMutableRawPointer) -> CInt {
    writeSeedsIfAsked { folder in
        try Data("a,b,label\n1.5,2,0\n-3,4e2,1\n".utf8).write(to: folder.appendingPathComponent("table.csv"))
    }
}
