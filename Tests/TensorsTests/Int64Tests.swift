import Testing
@testable import Tensors

/// The integer dtype: labels and indices, with PyTorch's promotion rules.
@Suite struct Int64Tests {
    @Test func creation() {
        let big = 1 << 40
        let t = Tensor(ints: [3, -2, big, 0], shape: [2, 2])
        #expect(t.dtype == .int64 && t.shape == [2, 2] && t.ints == [3, -2, big, 0])
        #expect(Tensor.zeros([3], dtype: .int64).ints == [0, 0, 0])
        #expect(Tensor.arange(0, 5).dtype == .int64 && Tensor.arange(0, 5).ints == [0, 1, 2, 3, 4])
        #expect(Tensor([-1.7, 2.9, 0.5], dtype: .float64).to(.int64).ints == [-1, 2, 0])  // toward zero
        #expect(Tensor(ints: [1, 2]).to(.float32).scalars == [1, 2])
    }

    @Test func arithmeticPromotion() {
        let i = Tensor(ints: [1, 2, 3])
        let f = Tensor([0.5, 0.25, 0.125])
        #expect((i + f).dtype == .float32 && (i + f).scalars == [1.5, 2.25, 3.125])
        #expect((f * i).dtype == .float32 && (f * i).scalars == [0.5, 0.5, 0.375])
        #expect((i + f.to(.float64)).dtype == .float64)
        #expect((i + i).dtype == .int64 && (i * 2).ints == [2, 4, 6] && (i - 1).dtype == .int64)
        #expect((i * 2.5).dtype == .float32 && (i * 2.5).scalars == [2.5, 5, 7.5])
        #expect((i / 2).dtype == .float32 && (i / 2).scalars == [0.5, 1, 1.5])  // true division
        #expect(i.mean().item == 2 && i.mean().dtype == .float32)
        #expect(i.sum().dtype == .int64 && i.sum().item == 6)
        #expect(i.exp().dtype == .float32 && i.sigmoid().scalars.allSatisfy { $0 > 0.7 })
        #expect(Tensor(ints: [-2, 3]).relu().ints == [0, 3] && Tensor(ints: [-2, 3]).abs().ints == [2, 3])
    }

    @Test func gradientsFlowToTheFloatOperand() {
        let x = Tensor([1, 2, 3], requiresGrad: true)
        let labels = Tensor(ints: [2, 0, 1, 1, 1, 2], shape: [2, 3])
        (labels * x).sum().backward()
        #expect(x.grad?.scalars == [3, 1, 3])
        #expect(x.grad?.dtype == .float32)
    }

    @Test func comparisons() {
        let a = Tensor(ints: [1, 2, 3]), b = Tensor(ints: [3, 2, 1])
        #expect((a .== b).scalars == [0, 1, 0] && (a .== b).dtype == .float32)
        #expect((a .< b).scalars == [1, 0, 0] && (a .>= b).scalars == [0, 1, 1] && (a .!= b).scalars == [1, 0, 1])
        #expect((a .> 1.5).scalars == [0, 1, 1] && (a .<= 2).scalars == [1, 1, 0])
        #expect((a .== Tensor([1, 2.5, 3])).scalars == [1, 0, 1])  // compared after promotion
    }

    @Test func argmaxGivesInt64Indices() {
        let logits = Tensor([0.1, 0.7, 0.2, 0.9, 0.05, 0.05, 0.3, 0.3, 0.1], shape: [3, 3])
        let predicted = logits.argmax(axis: 1)
        #expect(predicted.dtype == .int64 && predicted.shape == [3] && predicted.ints == [1, 0, 0])  // first on ties
        #expect(logits.argmax(axis: 0, keepDims: true).shape == [1, 3] && logits.argmin(axis: 0).ints == [0, 1, 1])
        let labels = Tensor(ints: [1, 0, 1])
        #expect(Swift.abs((predicted .== labels).mean().item - 2.0 / 3) < 1e-6)  // accuracy
    }

    @Test func oneHot() {
        let labels = Tensor(ints: [2, 0, 3], shape: [3])
        let encoded = labels.oneHot(classes: 4)
        #expect(encoded.shape == [3, 4] && encoded.dtype == .float32)
        #expect(encoded.scalars == [0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1])
        #expect(encoded.argmax(axis: 1).ints == [2, 0, 3])
        #expect(Tensor(ints: [1, 0], shape: [2, 1]).oneHot(classes: 2, dtype: .float64).shape == [2, 1, 2])
    }

    @Test func oneHotRejectsOutOfRangeLabels() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor(ints: [0, 5]).oneHot(classes: 4)
        }
        #expect(standardError(result).contains("oneHot: index 5 is out of bounds for dimension with size 4"))
    }
}
