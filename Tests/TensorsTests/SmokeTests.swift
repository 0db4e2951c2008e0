import Testing
@testable import Tensors

@Test func smoke() {
    let x = Tensor([1, 2, 3, 4, 5, 6], shape: [2, 3], requiresGrad: true)
    let w = Tensor([1, 0, 0, 1, 1, 1], shape: [3, 2], requiresGrad: true)
    let loss = x.matmul(w).relu().sum()
    loss.backward()
    #expect(loss.item == 30)
    #expect(x.grad!.scalars == [1, 1, 2, 1, 1, 2])
}
