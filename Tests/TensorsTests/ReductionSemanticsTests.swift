import Testing
@testable import Tensors

/// Edge cases where the reductions follow PyTorch (torch 2.x: `x.sum(dim=[])` reduces
/// every axis; `torch.tensor([5.]).var()` is nan).
@Suite struct ReductionSemanticsTests {
    let x = Tensor([1, 2, 3, 4], shape: [2, 2])

    @Test func anEmptyAxisListReducesEveryAxis() {
        #expect(x.sum(axes: []).shape == [] && x.sum(axes: []).item == 10)
        #expect(x.mean(axes: []).item == 2.5)
        #expect(x.sum(axes: [], keepDims: true).shape == [1, 1])
        #expect(x.variance(axes: []).item == x.variance().item)
    }

    @Test func unbiasedVarianceOfOneElementIsNaN() {
        #expect(Tensor([5], shape: [1]).variance().item.isNaN)
        #expect(Tensor([5], shape: [1]).variance(unbiased: false).item == 0)
        let ofSingletons = Tensor([1, 2, 3], shape: [3, 1]).variance(axis: 1).doubles
        #expect(ofSingletons.count == 3 && ofSingletons.filter(\.isNaN).count == 3)
        #expect(Tensor([1, 2, 3], shape: [3, 1]).variance(axis: 0).doubles == [1])
    }
}
