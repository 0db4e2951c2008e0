// Any bytes as a reference fixture (JSON of shaped values); every entry made into a tensor.
import Foundation
@testable import Workbook

let file = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("fuzz-fixture-\(getpid()).json")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    try! Data(bytes: start, count: count).write(to: file)
    guard let fixture = try? ReferenceFixture.load(contentsOf: file) else { return 0 }
    for key in fixture.entries.keys { _ = try? fixture.tensor(key) }
    return 0
}

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutableRawPointer, _ argv: UnsafeMutableRawPointer) -> CInt {
    writeSeedsIfAsked { folder in
        try Data(#"{"x": {"shape": [2, 2], "data": [1, 2, 3, 4]}, "y": {"shape": [2], "data": [0, 1], "dtype": "int64"}}"#.utf8)
            .write(to: folder.appendingPathComponent("fixture.json"))
    }
}
