import Foundation
import Tensors
import Testing

/// A JSON fixture written by Fixtures/generate_fixtures.py, read by key and index.
/// JSON null (the script's encoding of inf and NaN) reads as NaN.
struct Fixture {
    let value: Any

    static func load(_ name: String) throws -> Fixture {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures"),
                               "missing fixture \(name).json; run Fixtures/generate_fixtures.py")
        return Fixture(value: try JSONSerialization.jsonObject(with: Data(contentsOf: url), options: [.fragmentsAllowed]))
    }

    subscript(key: String) -> Fixture {
        guard let object = value as? [String: Any], let v = object[key] else { fatalError("fixture has no key \(key)") }
        return Fixture(value: v)
    }

    subscript(index: Int) -> Fixture { array[index] }

    var array: [Fixture] { (value as? [Any] ?? []).map(Fixture.init) }
    var keys: [String] { (value as? [String: Any]).map { Array($0.keys) } ?? [] }
    var isNull: Bool { value is NSNull }

    var double: Double { (value as? NSNumber)?.doubleValue ?? .nan }
    var int: Int { (value as? NSNumber)?.intValue ?? 0 }
    var bool: Bool { (value as? NSNumber)?.boolValue ?? false }

    /// All numbers, nested arrays flattened in row-major order.
    var doubles: [Double] { (value as? [Any]).map { $0.flatMap { Fixture(value: $0).doubles } } ?? [double] }
    var ints: [Int] { doubles.map { Int($0) } }

    /// The sizes of nested arrays, outermost first.
    var shape: [Int] {
        guard let a = value as? [Any] else { return [] }
        return [a.count] + (a.first.map { Fixture(value: $0).shape } ?? [])
    }

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

/// Centred finite-difference gradient of a scalar function of one float64 tensor.
func numericalGradient(of f: (Tensor) -> Tensor, at x: Tensor, step: Double = 1e-6) -> [Double] {
    let base = x.doubles
    return base.indices.map { i in
        var plus = base, minus = base
        plus[i] += step
        minus[i] -= step
        let fp = noGrad { f(Tensor(plus, shape: x.shape, dtype: .float64)).item }
        let fm = noGrad { f(Tensor(minus, shape: x.shape, dtype: .float64)).item }
        return (fp - fm) / (2 * step)
    }
}

/// The autograd gradient of a scalar function at `x` (float64).
func analyticGradient(of f: (Tensor) -> Tensor, at x: Tensor) -> [Double] {
    let leaf = Tensor(x.doubles, shape: x.shape, dtype: .float64, requiresGrad: true)
    f(leaf).backward()
    return leaf.grad?.doubles ?? []
}
