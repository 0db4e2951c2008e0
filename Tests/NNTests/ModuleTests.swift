import Foundation
import Testing
@testable import NN

private final class MLP: Module {
    let fc1 = Linear(6, 5), fc2 = Linear(5, 3)
    override func forward(_ x: Tensor) -> Tensor { fc2(relu(fc1(x))) }
}

private final class Blocks: Module {
    let layers = [Linear(4, 4), Linear(4, 2, bias: false)]
    let heads: [String: Module] = ["b": Linear(2, 1), "a": Identity()]
    let norm = BatchNorm1d(2)
    let scale = Tensor.ones([2], requiresGrad: true)
    let optionalHead: Linear? = nil
    @Buffer var table = Tensor.zeros([3])
    let name = "not a tensor"
}

/// A subclass inherits its parent's parameters, listed first.
private class Base: Module { let first = Tensor.zeros([1], requiresGrad: true) }
private final class Derived: Base { let second = Tensor.zeros([2], requiresGrad: true) }

private final class SharedWeights: Module {
    let a: Linear, b: Linear
    override init() {
        a = Linear(3, 3)
        b = a
    }
}

@Suite struct ModuleTests {
    @Test func parametersAreFoundByReflectionWithDottedNames() {
        let model = MLP()
        #expect(model.namedParameters().map(\.name) == ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"])
        #expect(model.parameterCount == 6 * 5 + 5 + 5 * 3 + 3)
        #expect(model.parameters().allSatisfy { $0.requiresGrad })
    }

    @Test func arraysDictionariesBuffersAndOptionals() {
        let m = Blocks()
        #expect(
            m.namedParameters().map(\.name) == [
                "scale", "layers.0.weight", "layers.0.bias", "layers.1.weight", "heads.b.weight", "heads.b.bias",
                "norm.weight", "norm.bias",
            ])
        #expect(m.namedBuffers().map(\.name) == ["table", "norm.runningMean", "norm.runningVar", "norm.numBatchesTracked"])
        #expect(Set(m.stateDict().keys) == Set(m.namedParameters().map(\.name) + m.namedBuffers().map(\.name)))
        #expect(m.namedModules().map(\.name) == ["", "layers.0", "layers.1", "heads.a", "heads.b", "norm"])
    }

    @Test func inheritedPropertiesComeFirst() {
        #expect(Derived().namedParameters().map(\.name) == ["first", "second"])
    }

    @Test func sharedParametersAreListedOnce() {
        let m = SharedWeights()
        #expect(m.namedParameters().map(\.name) == ["a.weight", "a.bias"])
    }

    @Test func sequentialNamesChildrenByPosition() {
        let includeDropout = true
        let model = Sequential {
            Linear(4, 8); ReLU()
            if includeDropout { Dropout(0.1) }
            for _ in 0..<2 { Linear(8, 8); Tanh() }
            Linear(8, 2)
        }
        #expect(model.count == 8)
        #expect(model.namedParameters().map(\.name) == ["0.weight", "0.bias", "3.weight", "3.bias", "5.weight", "5.bias", "7.weight", "7.bias"])
        #expect(model(Tensor.randn([3, 4])).shape == [3, 2])
    }

    @Test func trainAndEvalReachEverySubmodule() {
        let m = Blocks()
        m.eval()
        #expect(m.modules().allSatisfy { !$0.isTraining })
        m.train()
        #expect(m.modules().allSatisfy { $0.isTraining })
    }

    @Test func freezeStopsGradientsAndUpdates() {
        let model = MLP()
        model.fc1.freeze()
        #expect(model.trainableParameterCount == 5 * 3 + 3)
        let before = model.fc1.weight.scalars
        let opt = SGD(model.parameters(), lr: 0.1)
        model(Tensor.randn([4, 6])).sum().backward()
        #expect(model.fc1.weight.grad == nil)
        #expect(model.fc2.weight.grad != nil)
        opt.step()
        #expect(model.fc1.weight.scalars == before)
        model.fc1.unfreeze()
        #expect(model.trainableParameterCount == model.parameterCount)
    }

    @Test func zeroGradClearsGradients() {
        let model = MLP()
        model(Tensor.randn([2, 6])).sum().backward()
        #expect(model.parameters().allSatisfy { $0.grad != nil })
        model.zeroGrad()
        #expect(model.parameters().allSatisfy { $0.grad == nil })
    }

    @Test func descriptionShowsTreeShapesAndCounts() {
        let model = MLP()
        model.fc1.freeze()
        let text = model.description
        #expect(text.hasPrefix("MLP  (53 parameters, partly frozen)"))
        #expect(text.contains("  fc1: Linear(6 → 5)  weight [5, 6], bias [5]  (35, frozen)"))
        #expect(text.contains("  fc2: Linear(5 → 3)  weight [3, 5], bias [3]  (18)"))
        #expect(Module.grouped(1234567) == "1,234,567")
    }
}

/// `model.to(.float64)` converts every floating-point parameter, buffer and gradient in
/// place (the optimizer built before keeps working on the same tensors); the counter
/// buffer stays int64; the converted model computes what the float32 one did.
@Test func toConvertsParametersBuffersAndGradientsInPlace() {
    let model = Random.withSeed(1) { Sequential([Linear(3, 4), BatchNorm1d(4), ReLU(), Linear(4, 2)]) }
    let x = Random.withSeed(2) { Tensor.randn([5, 3]) }
    model(x).sum().backward()
    model.eval()
    let before = noGrad { model(x).doubles }
    let tensors = model.parameters()
    let optimizer = SGD(tensors, lr: 0.1)
    model.to(.float64)
    #expect(zip(tensors, model.parameters()).allSatisfy { $0 === $1 })
    #expect(model.parameters().allSatisfy { $0.dtype == .float64 && $0.grad?.dtype == .float64 })
    let buffers = Dictionary(uniqueKeysWithValues: model.namedBuffers().map { ($0.name, $0.tensor.dtype) })
    #expect(buffers["1.runningMean"] == .float64 && buffers["1.numBatchesTracked"] == .int64)
    let after = noGrad { model(x.to(.float64)) }
    #expect(after.dtype == .float64)
    #expect(zip(before, after.doubles).map { abs($0 - $1) }.max()! < 1e-6)
    optimizer.step()
    #expect(noGrad { model(x.to(.float64)).doubles } != after.doubles)
}
