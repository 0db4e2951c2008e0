import Testing
@testable import Tensors

/// `postAccumulateGradHook`: what data-parallel training relies on to start sending a
/// gradient during the backward pass.
@Suite struct GradHookTests {
    @Test func firesOncePerLeafWithTheWholeGradientOutputsFirst() {
        let w1 = Tensor([1, 2], requiresGrad: true), w2 = Tensor([3, 4], requiresGrad: true)
        var seen: [(name: String, grad: [Float])] = []
        w1.postAccumulateGradHook = { seen.append(("w1", $0.grad!.scalars)) }
        w2.postAccumulateGradHook = { seen.append(("w2", $0.grad!.scalars)) }
        // w1 feeds the output twice (directly and through w2), so its gradient has two parts.
        let hidden = w1 * 2
        let loss = (hidden * w2).sum() + hidden.sum()
        loss.backward()
        #expect(seen.map(\.name) == ["w2", "w1"])
        #expect(seen.first { $0.name == "w2" }?.grad == [2, 4])
        #expect(seen.first { $0.name == "w1" }?.grad == [8, 10])  // 2·w2 + 2
        // A second backward adds to grad, and the hook sees the sum.
        loss.backward()
        #expect(seen.count == 4 && seen.last?.grad == [16, 20])
    }

    @Test func doesNotFireForFrozenLeaves() {
        let frozen = Tensor([1, 2]), trained = Tensor([3, 4], requiresGrad: true)
        var calls = 0
        frozen.postAccumulateGradHook = { _ in calls += 1 }
        trained.postAccumulateGradHook = { _ in calls += 10 }
        (frozen * trained).sum().backward()
        #expect(calls == 10)
    }
}
