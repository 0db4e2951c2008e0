import Testing
@testable import Tensors

/// Shape mistakes stop the program with a message that names the op and both shapes.
@Suite struct ShapeErrorTests {
    @Test func matmul() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2, 3]).matmul(Tensor.zeros([4, 5]))
        }
        #expect(standardError(result).contains("matmul: mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)"))
    }

    @Test func broadcastAdd() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2, 3]) + Tensor.zeros([4])
        }
        #expect(standardError(result).contains("add: shapes [2, 3] and [4] cannot be broadcast together"))
    }

    @Test func concat() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensors.concat([Tensor.zeros([2, 3]), Tensor.zeros([2, 4])], axis: 0)
        }
        #expect(standardError(result).contains("concat: sizes of tensors must match except in dimension 0; got shapes [2, 3] and [2, 4]"))
    }

    @Test func reshape() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2, 3]).reshape([4, 2])
        }
        #expect(standardError(result).contains("reshape: shape [4, 2] is invalid for input of size 6 (shape [2, 3])"))
    }

    @Test func indexOutOfBounds() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([3, 2]).gather(axis: 0, index: Tensor(ints: [0, 3], shape: [1, 2]))
        }
        #expect(standardError(result).contains("gather: index 3 is out of bounds for dimension with size 3"))
        let row = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([3, 2])[3]
        }
        #expect(standardError(row).contains("index: 3 is out of bounds for dimension 0 of shape [3, 2]"))
    }
}
