import Foundation
import Tensors
import Testing
@testable import CourseKit
@testable import Workbook

@Suite(.courseLanguage(.english)) struct ChecksTests {
    @Test func relativeErrorIsCS231ns() {
        #expect(relativeError([1, 2], [1, 2]) == 0)
        #expect(abs(relativeError([1, 0], [1.1, 0]) - 0.1 / 2.1) < 1e-15)
        #expect(relativeError([0], [1e-9]) == 1e-9 / 1e-8)
        #expect(relativeError([Double.nan], [1]) == .infinity)
    }

    @Test func numericalGradientOfAPolynomial() {
        // f(x) = x0^2 * x1 + 3 x1, df = [2 x0 x1, x0^2 + 3]
        let grad = numericalGradient(of: { x in x[0] * x[0] * x[1] + 3 * x[1] }, at: [1.5, -2])
        #expect(relativeError(grad, [2 * 1.5 * -2, 1.5 * 1.5 + 3]) < 1e-9)
    }

    @Test func autogradPassesTheGradientCheck() throws {
        Random.seed(3)
        let x = Tensor.randn([3, 4], dtype: .float64)
        let seed = Tensor.randn([3, 4], dtype: .float64)
        let error = try checkGradient(of: { ($0 * $0).tanh() }, at: x, seed: seed, "tanh(x^2)")
        #expect(error < 1e-7)
    }

    @Test func aWrongGradientIsCaughtAtItsIndex() throws {
        let x = Tensor([1, 2, 3, 4], shape: [2, 2], dtype: .float64)
        let wrong = Tensor([2, 4, 6, 9], shape: [2, 2], dtype: .float64)  // d(x^2) is 2x: 8 at [1, 1]
        let failure = try #require(throws: CheckFailure.self) {
            try checkGradient(of: { $0 * $0 }, at: x, analytic: wrong, "square")
        }
        #expect(failure.message.hasPrefix("square: relative error 0.0588"))
        #expect(failure.message.contains("worst at [1, 1]: analytic 9, numerical 8"))
    }

    @Test func gradientErrorChecksOnlyTheInputsThatRequireAGradient() {
        // torch.gather-like indexing: the int64 indices pass through the finite differences untouched.
        let x = Tensor([0.5, -1, 2, 0.25], shape: [4], dtype: .float64, requiresGrad: true)
        let indices = Tensor(ints: [3, 0, 0])
        let f: ([Tensor]) -> Tensor = { $0[0].indexSelect(axis: 0, $0[1]) * $0[0].sum() }
        let numeric = numericalGradients(of: f, at: [x, indices], seed: Tensor([1, 2, 3], shape: [3], dtype: .float64))
        #expect(numeric[1] == nil)
        // d/dx_k of Σ_i s_i x_{j_i} · Σx is Σx · (the seeds of the rows that picked k) + Σ_i s_i x_{j_i},
        // with Σx = 1.75 and Σ_i s_i x_{j_i} = 1·0.25 + 2·0.5 + 3·0.5 = 2.75.
        #expect(relativeError(numeric[0]!.doubles, [5 * 1.75 + 2.75, 2.75, 2.75, 1 * 1.75 + 2.75]) < 1e-9)
        #expect(gradientError(of: f, at: [x, indices]) < 1e-8)
        #expect(x.grad == nil, "the inputs are left untouched")
    }

    @Test func aRandomSeedCatchesABackwardThatOnesCannot() {
        // softmax whose backward forgets everything: with a seed of ones the true gradient is zero too.
        let forgetful: ([Tensor]) -> Tensor = { t in
            t[0].softmax(axis: -1).detach().recorded("forgetfulSoftmax", [t[0]]) { g, _ in [g * 0] }
        }
        let x = Tensor([0.1, 0.5, 1.0], shape: [1, 3], dtype: .float64, requiresGrad: true)
        #expect(gradientError(of: forgetful, at: [x], seed: Tensor.ones([1, 3], dtype: .float64)) < 1e-4)
        #expect(gradientError(of: forgetful, at: [x]) > 0.5)
        #expect(gradientError(of: { $0[0].softmax(axis: -1) }, at: [x]) < 1e-8)
    }

    @Test func parameterGradientsAreCheckedInPlaceAndRestored() {
        let w = Tensor([0.3, -0.7, 1.1], shape: [3], dtype: .float64, requiresGrad: true)
        let x = Tensor([1, 2, -1], shape: [3], dtype: .float64)
        #expect(gradientError(of: { ((x * w).tanh() * w).sum() }, wrt: [w]) < 1e-8)
        #expect(w.doubles == [0.3, -0.7, 1.1])
        let wrong = { (x * w).recorded("wrongMul", [w]) { g, _ in [g * x * 2] }.sum() }
        #expect(gradientError(of: wrong, wrt: [w]) > 0.1)
    }

    @Test func closenessNamesTheFirstMismatch() throws {
        let expected = Tensor([1, 2, 3, 4, 5, 6], shape: [2, 3], dtype: .float64)
        let got = Tensor([1, 2, 3, 4, 5.5, 7], shape: [2, 3], dtype: .float64)
        let failure = try #require(throws: CheckFailure.self) { try checkClose(got, expected, "logits") }
        #expect(
            failure.message
                == "logits: 2 of 6 elements differ (rtol 1e-05, atol 1e-08); first at [1, 1]: expected 5, got 5.5 (got/expected 1.1, relative error 0.047619)")
        #expect(throws: CheckFailure("logits: expected shape [2, 3], got [3, 2]")) {
            try checkClose(got.reshape([3, 2]), expected, "logits")
        }
        try checkClose(expected, expected)
    }

    @Test func thresholdsStateValueAndBound() throws {
        #expect(throws: CheckFailure("test accuracy 0.871 is below the required 0.9")) {
            try checkAtLeast(0.871, 0.9, "test accuracy")
        }
        #expect(throws: CheckFailure("final loss 0.7 is above the allowed 0.5")) { try checkAtMost(0.7, 0.5, "final loss") }
        #expect(try checkAtLeast(0.95, 0.9) == 0.95)
        #expect(throws: CheckFailure.self) { try checkAtLeast(.nan, 0.9) }
    }

    @Test func fixturesLoadFromTheTestBundle() throws {
        let fixture = try ReferenceFixture.load("softmax", from: Bundle.module)
        let x = try fixture.tensor("x")
        #expect(x.dtype == .float64 && x.shape == [2, 3])
        // PyTorch's softmax (made by make_fixtures.py) against the library's.
        try checkClose(x.softmax(axis: 1), try fixture.tensor("y"), rtol: 1e-12, "softmax")
        #expect(throws: FixtureError.missingKey("z", fixture: "softmax", known: ["x", "y"])) { try fixture.tensor("z") }
        #expect(throws: FixtureError.self) { try ReferenceFixture.load("absent", from: Bundle.module) }
    }

    @Test func malformedFixturesThrow() throws {
        let folder = try temporaryFolder("fixture")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("bad.json")
        try #"{"x": {"shape": [2, 2], "data": [1, 2, 3]}}"#.write(to: url, atomically: true, encoding: .utf8)
        #expect(throws: FixtureError.malformed(url.path, "x: shape [2, 2] needs 4 values, has 3")) {
            try ReferenceFixture.load(contentsOf: url)
        }
    }
}
