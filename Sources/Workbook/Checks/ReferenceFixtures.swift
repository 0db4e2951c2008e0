import FileIO
import Foundation
import Tensors

/// Reference values for lesson tests, produced by PyTorch and committed as JSON
/// in the test target's `Fixtures/` folder (declared `resources: [.copy("Fixtures")]`):
///
/// ```json
/// { "x":      { "shape": [2, 3], "data": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6] },
///   "labels": { "shape": [2], "data": [0, 2], "dtype": "int64" } }
/// ```
/// ```swift
/// let fixture = try ReferenceFixture.load("softmax", from: Bundle.module)
/// try checkClose(try softmax(fixture.tensor("x")), try fixture.tensor("y"), "softmax")
/// ```
public struct ReferenceFixture: Sendable {
    public struct Entry: Decodable, Sendable {
        public let shape: [Int]
        public let data: [Double]
        public let dtype: String?
    }

    public let name: String
    public let entries: [String: Entry]

    /// Reads `Fixtures/<name>.json` from a test bundle (`Bundle.module`).
    public static func load(_ name: String, from bundle: Bundle, folder: String = "Fixtures") throws -> ReferenceFixture {
        try load(contentsOf: Fixtures.url("\(name).json", in: bundle, folder: folder))
    }

    /// Reads a fixture file.
    public static func load(contentsOf url: URL) throws -> ReferenceFixture {
        let name = url.deletingPathExtension().lastPathComponent
        let entries = try Fixtures.decode([String: Entry].self, contentsOf: url)
        for (key, entry) in entries {
            guard let count = FileIO.byteCount(shape: entry.shape, elementSize: 1) else {
                throw FixtureError.malformed(url.path, "\(key): shape \(entry.shape) is negative or too large")
            }
            guard count == entry.data.count else {
                throw FixtureError.malformed(url.path, "\(key): shape \(entry.shape) needs \(count) values, has \(entry.data.count)")
            }
            if entry.dtype == DType.int64.rawValue, let bad = entry.data.first(where: { $0.rounded() != $0 || abs($0) >= 0x1p63 }) {
                throw FixtureError.malformed(url.path, "\(key): \(bad) is not an int64 value")
            }
        }
        return ReferenceFixture(name: name, entries: entries)
    }

    public func entry(_ key: String) throws -> Entry {
        guard let entry = entries[key] else {
            throw FixtureError.missingKey(key, fixture: name, known: entries.keys.sorted())
        }
        return entry
    }

    /// The values of `key` as a tensor of the stored dtype (float32 unless the fixture says otherwise).
    public func tensor(_ key: String, dtype: DType? = nil) throws -> Tensor {
        let entry = try entry(key)
        let stored = entry.dtype.flatMap(DType.init(rawValue:)) ?? .float32
        return Tensor(entry.data, shape: entry.shape, dtype: dtype ?? stored)
    }

    /// The values of `key` as doubles, row-major.
    public func values(_ key: String) throws -> [Double] { try entry(key).data }
}

public enum FixtureError: Error, Equatable, CustomStringConvertible {
    case missing(String, bundle: String)
    case malformed(String, String)
    case missingKey(String, fixture: String, known: [String])

    public var description: String {
        switch self {
        case let .missing(path, bundle):
            return "fixture \(path) not found in \(bundle); declare resources: [.copy(\"Fixtures\")] for the test target"
        case let .malformed(path, reason): return "fixture \(path) is malformed: \(reason)"
        case let .missingKey(key, fixture, known):
            return "fixture \(fixture) has no \"\(key)\" (it has \(known.joined(separator: ", ")))"
        }
    }
}
