import Foundation
import Testing
@testable import NN

/// Whether `a` and `b` have one shape and agree elementwise within atol + rtol·|b|.
func close(_ a: Tensor, _ b: Tensor, rtol: Double = 1e-5, atol: Double = 1e-6) -> Bool {
    guard a.shape == b.shape else { return false }
    return zip(a.doubles, b.doubles).allSatisfy { abs($0 - $1) <= atol + rtol * abs($1) }
}

func close(_ a: [Double], _ b: [Double], rtol: Double = 1e-6, atol: Double = 1e-9) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= atol + rtol * abs($1) }
}

/// A fresh temporary directory for one test.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("NNTests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
