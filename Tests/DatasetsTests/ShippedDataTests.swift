import Testing
import Tensors
@testable import Datasets

@Suite struct ShippedDataTests {
    @Test func mnistSubsetHasTheDocumentedSplit() throws {
        let (train, test) = try MNIST.subset5k()
        #expect(train.inputs.shape == [4000, 1, 28, 28])
        #expect(test.inputs.shape == [1000, 1, 28, 28])
        #expect(train.targets.dtype == .int64 && train.targets.shape == [4000])
        // 400 training and 100 test images of every digit.
        #expect(histogram(train.targets.ints) == Array(repeating: 400, count: 10))
        #expect(histogram(test.targets.ints) == Array(repeating: 100, count: 10))
        // Interleaved: an unshuffled batch of ten holds one of each digit.
        #expect(Array(train.targets.ints.prefix(10)) == Array(0..<10))
        let pixels = train.inputs.scalars
        #expect(pixels.min() == 0 && pixels.max() == 1)
        // About a fifth of MNIST's pixels are ink.
        let ink = Double(pixels.filter { $0 > 0.5 }.count) / Double(pixels.count)
        #expect(ink > 0.08 && ink < 0.3)
    }

    @Test func mnistSubsetFlattens() throws {
        let (_, test) = try MNIST.subset5k(flatten: true)
        #expect(test.inputs.shape == [1000, 784])
    }

    @Test func digitsLoad1797Images() throws {
        let digits = try Digits.load()
        #expect(digits.inputs.shape == [1797, 1, 8, 8])
        #expect(digits.targets.shape == [1797])
        let counts = histogram(digits.targets.ints)
        #expect(counts.count == 10 && counts.min()! >= 170 && counts.max()! <= 190)
        let pixels = digits.inputs.scalars
        #expect(pixels.min() == 0 && pixels.max() == 1)
        // Grey levels are multiples of 1/16.
        #expect(pixels.allSatisfy { ($0 * 16).rounded() == $0 * 16 })
        #expect(try Digits.load(flatten: true).inputs.shape == [1797, 64])
    }

    @Test func shippedDataFeedsALoader() throws {
        let (train, _) = try MNIST.subset5k()
        let loader = DataLoader(train, batchSize: 128, shuffle: true, seed: 0)
        #expect(loader.count == 32)
        let (x, y) = try #require(loader.makeIterator().next())
        #expect(x.shape == [128, 1, 28, 28] && y.shape == [128])
        // The batch's first image is the training image its label came from.
        let first = loader.order(epoch: 0)[0]
        #expect(x[0].scalars == train.inputs[first].scalars)
    }

    private func histogram(_ labels: [Int]) -> [Int] {
        var counts = [Int](repeating: 0, count: (labels.max() ?? -1) + 1)
        for label in labels { counts[label] += 1 }
        return counts
    }
}
