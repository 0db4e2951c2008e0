import Tensors  // the public API only: a custom op is what a library user can write
import Testing
import Workbook

/// softsign(x) = x / (1 + |x|), with its derivative 1 / (1 + |x|)² written by hand:
/// the example of a custom op in Docs/Architecture.md.
func softsign(_ x: Tensor) -> Tensor {
    let y = noGrad { x / (x.abs() + 1) }
    return y.recorded("softsign", [x]) { grad, ctx in
        let d = ctx.inputs[0].abs() + 1
        return [grad / (d * d)]
    }
}

@Suite struct CustomOpTests {
    let values: [Double] = [-3, -0.5, 0.25, 1, 4.5, -0.125]

    @Test func aCustomOpGivesTheGradientOfWhatItComputes() {
        let x = Tensor(values, shape: [2, 3], dtype: .float64, requiresGrad: true)
        #expect(gradientError(of: { softsign($0[0]) }, at: [x]) <= 1e-7)
    }

    @Test func itMatchesTheSameFunctionBuiltFromLibraryOps() {
        let x = Tensor(values, shape: [2, 3], dtype: .float64, requiresGrad: true)
        let composite = Tensor(values, shape: [2, 3], dtype: .float64, requiresGrad: true)
        let seed = Tensor([1, -2, 0.5, 3, -1, 2], shape: [2, 3], dtype: .float64)
        (softsign(x) * seed).sum().backward()
        (composite / (composite.abs() + 1) * seed).sum().backward()
        #expect(softsign(x).doubles == noGrad { composite / (composite.abs() + 1) }.doubles)
        let (custom, library) = (x.grad?.doubles ?? [], composite.grad?.doubles ?? [])
        #expect(custom.count == 6 && zip(custom, library).allSatisfy { abs($0 - $1) <= 1e-15 })
    }

    @Test func nothingIsRecordedWithoutAnInputThatNeedsAGradient() {
        #expect(!softsign(Tensor(values, shape: [6], dtype: .float64)).requiresGrad)
        let x = Tensor(values, shape: [6], dtype: .float64, requiresGrad: true)
        #expect(!noGrad { softsign(x) }.requiresGrad)
        #expect(softsign(x).requiresGrad)
    }
}
