import Foundation
import Testing
@testable import Tensors

/// The semantics of the tape, checked against what PyTorch does.
@Suite struct AutogradTests {
    @Test func gradientsAccumulateOverBackwardCalls() {
        let x = Tensor([1, 2, 3], requiresGrad: true)
        (x * 3).sum().backward()
        #expect(x.grad?.scalars == [3, 3, 3])
        (x * x).sum().backward()  // adds 2x, as torch does without zero_grad
        #expect(x.grad?.scalars == [5, 7, 9])
        x.grad = nil  // what an optimizer's zeroGrad does
        (x * 3).sum().backward()
        #expect(x.grad?.scalars == [3, 3, 3])
    }

    @Test func aTensorUsedTwiceGetsBothContributions() {
        let x = Tensor([2, -1], requiresGrad: true)
        (x + x * x).sum().backward()  // d/dx (x + x²) = 1 + 2x
        #expect(x.grad?.scalars == [5, -1])
        let seed = Tensor([1, 10], shape: [2])
        let y = Tensor([1, 2], requiresGrad: true)
        (y * 2).backward(seed)  // non-scalar output with an explicit seed
        #expect(y.grad?.scalars == [2, 20])
    }

    @Test func noGradRecordsNothingAndRestoresRecording() {
        let x = Tensor([1, 2], requiresGrad: true)
        let y = noGrad { x * 2 + 1 }
        #expect(!y.requiresGrad && y.isLeaf && y.gradFnName == nil)
        #expect(y.scalars == [3, 5])
        noGrad {
            noGrad { _ = x * 1 }
            #expect(!Autograd.isEnabled)  // an inner block does not switch recording back on
        }
        #expect(Autograd.isEnabled)
        let z = x * 2
        #expect(z.requiresGrad && z.gradFnName == "mul")
    }

    @Test func noGradInOneThreadDoesNotStopRecordingInAnother() {
        let inside = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        let thread = Thread {
            noGrad {
                inside.signal()
                done.wait()
            }
        }
        thread.start()
        inside.wait()  // the other thread is now inside noGrad
        let x = Tensor([1], requiresGrad: true)
        let y = x * 2
        done.signal()
        #expect(y.requiresGrad && y.gradFnName == "mul")
    }

    @Test func detachCutsTheGraphAndSharesValues() {
        let x = Tensor([1, 2], requiresGrad: true)
        let y = x * 3
        let d = y.detach()
        #expect(!d.requiresGrad && d.isLeaf && d.scalars == y.scalars)
        (y + d * d).sum().backward()  // only y's path reaches x
        #expect(x.grad?.scalars == [3, 3])
        d.fill(0)  // shares storage, as torch's detach does
        #expect(y.scalars == [0, 0])
    }

    @Test func leavesAndNonLeaves() {
        let x = Tensor([1, 2, 3], requiresGrad: true)
        let c = Tensor([1, 1, 1])
        let y = x * 2
        let z = y * y
        #expect(x.isLeaf && c.isLeaf && !y.isLeaf && !z.isLeaf)
        #expect(y.gradFnName == "mul" && x.gradFnName == nil)
        y.retainGrad()
        (z + c).sum().backward()
        #expect(z.grad == nil)  // a non-leaf keeps no grad unless asked
        #expect(y.grad?.scalars == [4, 8, 12])  // dz/dy = 2y
        #expect(x.grad?.scalars == [8, 16, 24])
        #expect(c.grad == nil)  // a leaf that does not require grad gets none
    }

    @Test func longChainBackwardAndRelease() {
        let x = Tensor([1.0], dtype: .float64, requiresGrad: true)
        weak var firstNode: Tensor?
        do {
            var y = x * 1.0
            firstNode = y
            for _ in 0..<100_000 { y = y * 1.00001 + 0 }
            y.backward()
            #expect(Swift.abs(x.grad!.item - Foundation.pow(1.00001, 100_000)) < 1e-9)
        }
        #expect(firstNode == nil)  // the whole chain was released (iteratively)
    }

    @Test func nonScalarBackwardNeedsASeed() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let x = Tensor([1, 2, 3], requiresGrad: true)
            (x * 2).backward()
        }
        #expect(standardError(result).contains("grad can be implicitly created only for scalar outputs"))
        #expect(standardError(result).contains("[3]"))
    }

    @Test func integerTensorsCannotRequireGrad() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            Tensor(ints: [1, 2]).requiresGrad = true
        }
        #expect(standardError(result).contains("only floating-point tensors can require gradients, got int64"))
        let factory = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2], dtype: .int64, requiresGrad: true)
        }
        #expect(standardError(factory).contains("only floating-point tensors can require gradients, got int64"))
    }

    @Test func backwardNeedsAGraph() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            Tensor([1, 2]).sum().backward()
        }
        #expect(standardError(result).contains("does not require grad"))
    }

    /// As PyTorch's version counter: a tensor that a recorded op kept (an operand whose
    /// values the gradient needs, or the output) written in place before backward stops
    /// backward with a clear message, instead of giving gradients of the new values.
    @Test func inPlaceWriteToASavedTensorStopsBackward() async {
        let operand = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let w = Tensor([1, 2, 3], requiresGrad: true), x = Tensor([4, 5, 6])
            let y = (w * x).sum()
            x.fill(0)
            y.backward()
        }
        #expect(standardError(operand).contains("backward of mul: a tensor needed for gradient computation was modified in place (input 1, shape [3]"))
        let output = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let w = Tensor([1, 2, 3], requiresGrad: true)
            let e = w.exp()  // exp's gradient is its output
            e.withFloats { $0[0] = 0 }
            e.backward(Tensor([1, 1, 1]))
        }
        #expect(standardError(output).contains("backward of exp: a tensor needed for gradient computation was modified in place (output, shape [3]"))
    }

    /// Writes before the op is recorded, or after backward (an optimizer step), are fine.
    @Test func inPlaceWritesOutsideTheGraphsLifetimeAreFine() {
        let w = Tensor([1, 2, 3], requiresGrad: true), x = Tensor([4, 5, 6])
        x.fill(2)
        let y = (w * x).sum()
        y.backward()
        #expect(w.grad?.doubles == [2, 2, 2])
        noGrad { w.addInPlace(w.grad!, alpha: -0.1) }
        (w * x).sum().backward()
        #expect(w.grad?.doubles == [4, 4, 4])
    }
}
