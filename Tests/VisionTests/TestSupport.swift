import Foundation
import Tensors
import Testing

/// A JSON fixture written by Fixtures/generate_fixtures.py, read by key and index.
/// JSON null (the script's encoding of inf and NaN) reads as NaN. Parsed with JSONDecoder,
/// which reads numbers exactly (JSONSerialization on Linux rounds some of them).
struct Fixture: Decodable {
    enum Value { case null, bool(Bool), number(Double), string(String), array([Fixture]), object([String: Fixture]) }
    let value: Value

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { value = .null }
        else if let b = try? c.decode(Bool.self) { value = .bool(b) }
        else if let d = try? c.decode(Double.self) { value = .number(d) }
        else if let s = try? c.decode(String.self) { value = .string(s) }
        else if let a = try? c.decode([Fixture].self) { value = .array(a) }
        else { value = .object(try c.decode([String: Fixture].self)) }
    }

    static func load(_ name: String) throws -> Fixture {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures"),
                               "missing fixture \(name).json; run Fixtures/generate_fixtures.py")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    subscript(key: String) -> Fixture {
        guard case .object(let o) = value, let v = o[key] else { fatalError("fixture has no key \(key)") }
        return v
    }

    subscript(index: Int) -> Fixture { array[index] }

    var array: [Fixture] { if case .array(let a) = value { return a } else { return [] } }
    var keys: [String] { if case .object(let o) = value { return Array(o.keys) } else { return [] } }
    var isNull: Bool { if case .null = value { return true } else { return false } }

    var double: Double { if case .number(let d) = value { return d } else { return .nan } }
    var int: Int { Int(double) }
    var bool: Bool { if case .bool(let b) = value { return b } else { return false } }

    /// All numbers, nested arrays flattened in row-major order.
    var doubles: [Double] { if case .array(let a) = value { return a.flatMap(\.doubles) } else { return [double] } }
    var ints: [Int] { doubles.map { Int($0) } }

    /// The sizes of nested arrays, outermost first.
    var shape: [Int] { if case .array(let a) = value { return [a.count] + (a.first?.shape ?? []) } else { return [] } }

    /// A float64 tensor with the fixture's nesting as its shape.
    var tensor: Tensor { Tensor(doubles, shape: shape, dtype: .float64) }
}

/// CS231n's relative error, max |a - b| / max(1e-8, |a| + |b|) over matching elements.
func relativeError(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count, "relativeError: \(a.count) vs \(b.count) values")
    return zip(a, b).map { abs($0 - $1) / max(1e-8, abs($0) + abs($1)) }.max() ?? 0
}

/// Largest absolute difference; NaN in the same place counts as equal.
func maxAbsDifference(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count, "maxAbsDifference: \(a.count) vs \(b.count) values")
    return zip(a, b).map { $0.isNaN && $1.isNaN ? 0 : abs($0 - $1) }.max() ?? 0
}

/// Finite-difference gradient of a scalar function of one float64 tensor, by the five-point
/// centred stencil (f(x-2h) - 8f(x-h) + 8f(x+h) - f(x+2h)) / 12h: its O(h⁴) truncation error
/// lets h be large enough that rounding stays far below 1e-7 of small gradient entries.
func numericalGradient(of f: (Tensor) -> Tensor, at x: Tensor, step h: Double = 1e-4) -> [Double] {
    let base = x.doubles
    func value(_ i: Int, _ offset: Double) -> Double {
        var shifted = base
        shifted[i] += offset
        return noGrad { f(Tensor(shifted, shape: x.shape, dtype: .float64)).item }
    }
    return base.indices.map { i in
        (value(i, -2 * h) - 8 * value(i, -h) + 8 * value(i, h) - value(i, 2 * h)) / (12 * h)
    }
}

/// The autograd gradient of a scalar function at `x` (float64).
func analyticGradient(of f: (Tensor) -> Tensor, at x: Tensor) -> [Double] {
    let leaf = Tensor(x.doubles, shape: x.shape, dtype: .float64, requiresGrad: true)
    f(leaf).backward()
    return leaf.grad?.doubles ?? []
}
