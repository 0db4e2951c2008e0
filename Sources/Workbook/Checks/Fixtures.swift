import Foundation
import Tensors

/// The one way tests read the reference files committed next to them (`Fixtures/` in a
/// test target, declared `resources: [.copy("Fixtures")]`). A file that is missing or does
/// not parse is an error that names it: a test never runs on an empty or partial reference.
public enum Fixtures {
    /// The URL of `folder/file` (extension included) in a test bundle (`Bundle.module`).
    public static func url(_ file: String, in bundle: Bundle, folder: String = "Fixtures") throws -> URL {
        let url =
            bundle.url(forResource: file, withExtension: nil, subdirectory: folder)
            ?? bundle.resourceURL?.appendingPathComponent("\(folder)/\(file)")
        guard let url, FileManager.default.fileExists(atPath: url.path) else {
            throw FixtureError.missing("\(folder)/\(file)", bundle: bundle.bundlePath)
        }
        return url
    }

    /// Decodes the JSON file `folder/file` of a test bundle as `T`. JSONDecoder reads numbers
    /// exactly (JSONSerialization on Linux rounds some of them).
    public static func decode<T: Decodable>(
        _ type: T.Type = T.self, _ file: String, in bundle: Bundle,
        folder: String = "Fixtures"
    ) throws -> T {
        try decode(type, contentsOf: url(file, in: bundle, folder: folder))
    }

    /// Decodes a JSON file as `T`.
    public static func decode<T: Decodable>(_ type: T.Type = T.self, contentsOf url: URL) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(contentsOf: url))
        } catch {
            throw FixtureError.malformed(url.path, "\(error)")
        }
    }
}

/// A JSON fixture of any shape, read by key and index, for reference files richer than
/// `ReferenceFixture`'s named tensors. JSON null (how the generating scripts write inf and
/// NaN) reads as NaN. A missing key or a value of the wrong kind stops with a message that
/// names it.
public struct JSONFixture: Decodable, Sendable {
    public enum Value: Sendable { case null, bool(Bool), number(Double), string(String), array([JSONFixture]), object([String: JSONFixture]) }
    public let value: Value

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            value = .null
        } else if let b = try? c.decode(Bool.self) {
            value = .bool(b)
        } else if let d = try? c.decode(Double.self) {
            value = .number(d)
        } else if let s = try? c.decode(String.self) {
            value = .string(s)
        } else if let a = try? c.decode([JSONFixture].self) {
            value = .array(a)
        } else {
            value = .object(try c.decode([String: JSONFixture].self))
        }
    }

    /// Reads `Fixtures/<name>.json` (or `<name>` when it has an extension) from a test bundle.
    public static func load(_ name: String, from bundle: Bundle, folder: String = "Fixtures") throws -> JSONFixture {
        try Fixtures.decode(JSONFixture.self, name.contains(".") ? name : name + ".json", in: bundle, folder: folder)
    }

    /// The value at `key` of an object.
    public subscript(key: String) -> JSONFixture {
        guard case .object(let o) = value, let v = o[key] else { fatalError("fixture has no key \"\(key)\" (it has \(keys.sorted()))") }
        return v
    }

    /// The value at `key`, or nil when the object has no such key or it is null.
    public func optional(_ key: String) -> JSONFixture? {
        guard case .object(let o) = value, let v = o[key], !v.isNull else { return nil }
        return v
    }

    public subscript(index: Int) -> JSONFixture { array[index] }

    public var array: [JSONFixture] {
        guard case .array(let a) = value else { fatalError("fixture value is not a list: \(value)") }
        return a
    }
    public var object: [String: JSONFixture] {
        guard case .object(let o) = value else { fatalError("fixture value is not an object: \(value)") }
        return o
    }
    public var keys: [String] { if case .object(let o) = value { return Array(o.keys) } else { return [] } }
    public var isNull: Bool { if case .null = value { return true } else { return false } }

    /// A number; null reads as NaN.
    public var double: Double {
        switch value {
        case .number(let d): return d
        case .null: return .nan
        default: fatalError("fixture value is not a number: \(value)")
        }
    }
    public var int: Int { Self.integer(double) }
    public var bool: Bool {
        guard case .bool(let b) = value else { fatalError("fixture value is not a boolean: \(value)") }
        return b
    }
    public var string: String {
        guard case .string(let s) = value else { fatalError("fixture value is not a string: \(value)") }
        return s
    }

    /// All numbers, nested arrays flattened in row-major order.
    public var doubles: [Double] { if case .array(let a) = value { return a.flatMap(\.doubles) } else { return [double] } }
    public var ints: [Int] { doubles.map(Self.integer) }

    private static func integer(_ d: Double) -> Int {
        guard let i = Int(exactly: d) else { fatalError("fixture value \(d) is not an integer") }
        return i
    }
    public var strings: [String] { array.map(\.string) }

    /// The sizes of nested arrays, outermost first.
    public var shape: [Int] { if case .array(let a) = value { return [a.count] + (a.first?.shape ?? []) } else { return [] } }

    /// A tensor with the fixture's nesting as its shape (float64 unless told otherwise).
    public func tensor(dtype: DType = .float64) -> Tensor { Tensor(doubles, shape: shape, dtype: dtype) }

    /// A `{"shape": [...], "values": [...]}` record as a tensor (float32 unless told otherwise).
    public func record(dtype: DType = .float32) -> Tensor {
        let values = self["values"].doubles, shape = self["shape"].ints
        precondition(shape.reduce(1, *) == values.count, "fixture record: shape \(shape) needs \(shape.reduce(1, *)) values, has \(values.count)")
        return Tensor(values, shape: shape, dtype: dtype)
    }
}
