import Testing
@testable import Tensors

/// Forward and backward of every op against PyTorch, on the inputs stored in
/// Fixtures/torch_reference.json (regenerate: python3 Tests/TensorsTests/Fixtures/generate_fixtures.py).
@Suite struct TorchReferenceTests {
    @Test func theFixturesLoad() throws {
        #expect(try TorchReference.loaded.get().count > 200)
        #expect(try !ConvReference.loaded.get().isEmpty)
    }

    @Test func everyOpHasFixturesAndEveryFixtureHasAnOp() {
        let fixtureOps = Set(TorchReference.cases.map(\.op))
        #expect(TorchReference.cases.count > 200)
        #expect(fixtureOps.subtracting(swiftOps.keys).isEmpty, "fixture ops without a Swift op")
        #expect(Set(swiftOps.keys).subtracting(fixtureOps).isEmpty, "Swift ops without a fixture")
        #expect(TorchReference.cases.contains { $0.dtype == "float64" } && TorchReference.cases.contains { $0.dtype == "float32" })
    }

    @Test(arguments: TorchReference.cases)
    func matchesPyTorch(_ c: TorchCase) throws {
        let run = try #require(swiftOps[c.op], "no Swift op named \(c.op)")
        let inputs = c.inputs.map { $0.tensor() }
        let out = run(inputs, Arguments(raw: c.args))
        expectClose(out, c.output, "output")
        guard let upstream = c.upstream, let grads = c.grads else { return }
        out.backward(Tensor(upstream, shape: out.shape, dtype: out.dtype))
        for (i, (input, expected)) in zip(inputs, grads).enumerated() {
            guard let expected else { continue }
            let grad = try #require(input.grad, "input \(i) got no gradient")
            expectClose(grad, expected, "gradient of input \(i)")
        }
    }
}

/// Shape, dtype and values within `atol + rtol·|expected|` (rtol 1e-5 for float32, 1e-10 for float64).
func expectClose(_ actual: Tensor, _ expected: EncodedTensor, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.shape == expected.shape, "\(what): shape", sourceLocation: sourceLocation)
    #expect(actual.dtype.rawValue == expected.dtype, "\(what): dtype", sourceLocation: sourceLocation)
    guard actual.count == expected.values.count else { return }
    let (rtol, atol) = expected.dtype == "float64" ? (1e-10, 1e-12) : (1e-5, 1e-6)
    let worst = zip(actual.doubles, expected.values).map { Swift.abs($0 - $1) - rtol * Swift.abs($1) }.max() ?? 0
    #expect(worst <= atol, "\(what): \(actual.doubles) vs \(expected.values)", sourceLocation: sourceLocation)
}
