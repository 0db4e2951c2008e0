import Foundation
import Testing
import Workbook
@testable import NN

/// One case of the sequence fixtures (written by Fixtures/generate_sequence_fixtures.py):
/// loads PyTorch's weights into a module by name and compares outputs and gradients.
struct TorchCase {
    let name: String
    let record: JSONFixture
    let dtype: DType

    init(_ file: JSONFixture, _ name: String) {
        self.name = name
        record = file[name]
        dtype = record["config"].optional("float64")?.bool == true ? .float64 : .float32
    }

    var config: JSONFixture { record["config"] }

    /// Float32 within 1e-5 relative (plus 2e-6 absolute, for values near zero); float64 within 1e-10.
    var tolerances: (rtol: Double, atol: Double) { dtype == .float64 ? (1e-10, 1e-12) : (1e-5, 2e-6) }

    func tensor(_ key: String) -> Tensor { record[key].record(dtype: dtype) }

    /// A recorded input, as a leaf that requires grad.
    func leaf(_ key: String) -> Tensor {
        let t = tensor(key)
        t.requiresGrad = true
        return t
    }

    /// Copies the recorded state dict into `module`, checking PyTorch's names and shapes match.
    func load(_ module: Module) {
        let stateDict = record["state_dict"]
        #expect(module.namedParameters().map(\.name).sorted() == stateDict.keys.sorted(), "\(name): parameter names")
        for (key, p) in module.namedParameters() {
            let value = stateDict[key].record(dtype: dtype)
            #expect(p.shape == value.shape, "\(name): shape of \(key)")
            p.assign(value)
        }
    }

    /// Compares `outputs`, backpropagates Σ output·upstream, and compares the gradients of
    /// the recorded inputs (`leaves`, recorded as "d" + name) and of `module`'s parameters.
    func check(outputs: [String: Tensor], leaves: [String: Tensor], module: Module? = nil) {
        var loss: Tensor?
        for (key, y) in outputs {
            expectClose(y, tensor(key), key)
            let term = (y * tensor("upstream_" + key)).sum()
            loss = loss.map { $0 + term } ?? term
        }
        loss!.backward()
        for (key, t) in leaves { expectClose(t.grad, tensor("d" + key), "gradient of \(key)") }
        guard let module else { return }
        let grads = record["grads"]
        for (key, p) in module.namedParameters() { expectClose(p.grad, grads[key].record(dtype: dtype), "gradient of \(key)") }
    }

    private func expectClose(_ actual: Tensor?, _ expected: Tensor, _ what: String) {
        guard let actual else { Issue.record("\(name): no \(what)"); return }
        let ratio = errorRatio(actual, expected, rtol: tolerances.rtol, atol: tolerances.atol)
        #expect(ratio <= 1, "\(name): \(what) differs from PyTorch (\(ratio) times the tolerance)")
    }
}

/// The largest elementwise error in units of the tolerance atol + rtol·|expected| (≤ 1 passes);
/// infinite for different shapes. NaN in the same places counts as equal.
func errorRatio(_ actual: Tensor, _ expected: Tensor, rtol: Double, atol: Double) -> Double {
    guard actual.shape == expected.shape else { return .infinity }
    return zip(actual.doubles, expected.doubles).map { a, b in
        a.isNaN && b.isNaN ? 0 : (a.isNaN || b.isNaN ? .infinity : abs(a - b) / (atol + rtol * abs(b)))
    }.max() ?? 0
}
