import Foundation
import Testing
@testable import Tensors

/// softmax, logSoftmax and logSumExp at logits of ±1e4, where a naive exp overflows.
@Suite struct SoftmaxStabilityTests {
    @Test(arguments: [DType.float32, .float64])
    func hugeLogitsGiveFiniteExactResults(_ dtype: DType) {
        let logits = Tensor([1e4, 0, -1e4, 1e4, 1e4, 1e4 - 1], shape: [2, 3], dtype: dtype, requiresGrad: true)
        let p = logits.softmax(axis: -1)
        let logP = logits.logSoftmax(axis: -1)
        #expect(p.doubles.allSatisfy { $0.isFinite } && logP.doubles.allSatisfy { $0.isFinite })
        #expect(p.doubles[0] == 1 && p.doubles[1] == 0 && p.doubles[2] == 0)
        let e = 1 / (2 + Foundation.exp(-1.0))  // the second row: two equal logits and one 1 below
        #expect(Swift.abs(p.doubles[3] - e) < 1e-6 && Swift.abs(p.doubles[4] - e) < 1e-6)
        #expect(logP.doubles[0] == 0 && logP.doubles[1] == -1e4 && logP.doubles[2] == -2e4)
        (logP * Tensor([1, 0, 0, 0, 1, 0], shape: [2, 3], dtype: dtype)).sum().backward()
        #expect(logits.grad!.doubles.allSatisfy { $0.isFinite })
        let lse = logits.logSumExp(axis: -1)
        #expect(Swift.abs(lse.doubles[0] - 1e4) < 1e-3 && lse.doubles.allSatisfy { $0.isFinite })
    }

    @Test func hugeNegativeLogitsGiveAUniformDistribution() {
        let p = Tensor([-1e4, -1e4, -1e4, -1e4]).softmax()
        #expect(p.scalars == [0.25, 0.25, 0.25, 0.25])
        #expect(Tensor([-1e4, -1e4]).logSoftmax().doubles.allSatisfy { Swift.abs($0 + Foundation.log(2)) < 1e-6 })
    }
}
