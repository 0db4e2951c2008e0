import Foundation
import Testing
import Workbook

/// Decodes a committed fixture written by Fixtures/generate_fixtures.py.
func fixture<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
    try Fixtures.decode(type, "\(name).json", in: .module)
}

/// Whether two numbers computed by the same formula in Swift and Python agree (up to rounding).
func close(_ a: Double, _ b: Double, tolerance: Double = 1e-9) -> Bool {
    abs(a - b) <= tolerance * max(1, abs(a), abs(b))
}

/// A fresh temporary directory for file tests.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("TextTests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
