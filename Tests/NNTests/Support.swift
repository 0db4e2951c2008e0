import Foundation
import Testing
@testable import NN

/// Reads the JSON fixtures written by Fixtures/generate_fixtures.py.
enum Fixture {
    static func url(_ name: String) -> URL {
        Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil)!
    }

    static func json(_ name: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url(name)))
        return try #require(object as? [String: Any])
    }
}

extension Dictionary where Key == String, Value == Any {
    /// The sub-object at `key`.
    func object(_ key: String) -> [String: Any] { self[key] as! [String: Any] }

    /// A `{"shape": [...], "values": [...]}` record as a tensor.
    func tensor(_ key: String, dtype: DType = .float32) -> Tensor { Self.tensor(self[key]!, dtype: dtype) }

    static func tensor(_ record: Any, dtype: DType = .float32) -> Tensor {
        let r = record as! [String: Any]
        let shape = r["shape"] as! [Int]
        let values = (r["values"] as! [NSNumber]).map(\.doubleValue)
        return Tensor(values, shape: shape, dtype: dtype)
    }
}

/// Whether `a` and `b` have one shape and agree elementwise within atol + rtol·|b|.
func close(_ a: Tensor, _ b: Tensor, rtol: Double = 1e-5, atol: Double = 1e-6) -> Bool {
    guard a.shape == b.shape else { return false }
    return zip(a.doubles, b.doubles).allSatisfy { abs($0 - $1) <= atol + rtol * abs($1) }
}

func close(_ a: [Double], _ b: [Double], rtol: Double = 1e-6, atol: Double = 1e-9) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= atol + rtol * abs($1) }
}

/// CS231n's relative error max|a-b| / max(1e-8, |a|+|b|), over all elements.
func relativeError(_ a: Tensor, _ b: Tensor) -> Double {
    zip(a.doubles, b.doubles).map { abs($0 - $1) / max(1e-8, abs($0) + abs($1)) }.max() ?? 0
}

/// Centred finite differences (float64) of the scalar `f` with respect to `x`,
/// compared with autograd's gradient; returns the relative error.
func gradientCheck(_ x: Tensor, h: Double = 1e-6, _ f: (Tensor) -> Tensor) -> Double {
    precondition(x.dtype == .float64)
    x.requiresGrad = true
    x.grad = nil
    f(x).backward()
    let analytic = x.grad!
    let numeric = Tensor.zeros(x.shape, dtype: .float64)
    for i in 0..<x.count {
        let old = x.withDoubles { $0[i] }
        x.withDoubles { $0[i] = old + h }
        let plus = noGrad { f(x).item }
        x.withDoubles { $0[i] = old - h }
        let minus = noGrad { f(x).item }
        x.withDoubles { $0[i] = old }
        numeric.withDoubles { $0[i] = (plus - minus) / (2 * h) }
    }
    return relativeError(analytic, numeric)
}

/// A fresh temporary directory for one test.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("NNTests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
