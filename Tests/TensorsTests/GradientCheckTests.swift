import Testing
@testable import Tensors
import Workbook

/// Every differentiable op against centred finite differences in float64 (CS231n relative error).
/// The inputs are those of the float64 PyTorch fixtures: several shapes per op, broadcasting
/// included, with values kept away from kinks (relu, abs, clamp, max ...).
@Suite struct GradientCheckTests {
    static let float64Cases = TorchReference.cases.filter { $0.dtype == "float64" && $0.grads != nil && $0.output.dtype == "float64" }

    @Test func everyDifferentiableOpIsChecked() {
        let checked = Set(Self.float64Cases.map(\.op))
        let forwardOnly: Set = ["argmax", "argmin", "oneHot", "to"]  // `to` is checked below
        #expect(checked == Set(swiftOps.keys).subtracting(forwardOnly))
    }

    @Test(arguments: float64Cases)
    func finiteDifferences(_ c: TorchCase) throws {
        let run = try #require(swiftOps[c.op])
        let inputs = c.inputs.map { $0.tensor() }
        let error = gradientError(of: { run($0, Arguments(raw: c.args)) }, at: inputs)
        #expect(error <= 1e-7, "relative error \(error)")
    }

    @Test func toDTypeRoundTrip() {
        // Values and step are powers of two, exact in float32, so the differences are exact too.
        let x = leaf([0.5, -1.25, 3, 0.125, -2, 1.5], [2, 3])
        let error = gradientError(of: { ($0[0].to(.float32) * 2).to(.float64) }, at: [x], h: 1.0 / 1024)
        #expect(error <= 1e-7)
        let y = leaf([0.5, -1.25], [2])
        y.to(.float32).sum().backward()
        #expect(y.grad?.dtype == .float64 && y.grad?.doubles == [1, 1])
    }

    @Test func compositeFunctionsWithSharedInputs() {
        Random.withSeed(3) {
            let x = Tensor.randn([4, 3], dtype: .float64, requiresGrad: true)
            let w = Tensor.randn([3, 5], dtype: .float64, requiresGrad: true)
            let b = Tensor.randn([5], dtype: .float64, requiresGrad: true)
            // A small network: the input is used twice, and a reduction feeds a broadcast.
            let net: ([Tensor]) -> Tensor = { t in
                let h = (t[0].matmul(t[1]) + t[2]).tanh()
                let normalised = (h - h.mean(axis: -1, keepDims: true)) / (h.variance(axis: -1, keepDims: true) + 1e-5).sqrt()
                return normalised.logSoftmax(axis: -1) * t[0].sum(axis: 1, keepDims: true).sigmoid()
            }
            #expect(gradientError(of: net, at: [x, w, b]) <= 1e-7)
            let z = leaf([0.3, 1.2, -0.7, 2.1, -1.6, 0.9], [2, 3])
            #expect(gradientError(of: { $0[0] * $0[0] + ($0[0] * 0.5).exp() / ($0[0].pow(2) + 1) }, at: [z]) <= 1e-7)
        }
    }

    @Test func aWrongBackwardIsCaught() {
        // x³ whose backward claims 2x: the check must fail loudly.
        let cubeWithWrongGradient: ([Tensor]) -> Tensor = { t in
            t[0].map { $0 * $0 * $0 }.recorded("badCube", [t[0]]) { g, c in [g * c.inputs[0] * 2] }
        }
        let x = leaf([0.5, 1.5, -2], [3])
        #expect(gradientError(of: cubeWithWrongGradient, at: [x]) > 0.1)
        #expect(gradientError(of: { $0[0].pow(3) }, at: [x]) <= 1e-7)
    }
}
