import Testing
import Tensors
@testable import Datasets

@Suite struct DataLoaderTests {
    /// A prefetched batch is assembled on another thread with the caller's task-local
    /// state: inside `noGrad` the dataset sees recording off, and inside `withSeed` it
    /// draws from that block's generator, exactly as without prefetch.
    @Test func prefetchCarriesTheCallersTaskLocalState() {
        struct Observing: Dataset {
            let count = 6
            func example(_ index: Int) -> (input: Tensor, target: Tensor) {
                (Tensor([Autograd.isEnabled ? 1 : 0]) + Tensor.rand([1]) * 0, Tensor.randn([1]))
            }
        }
        for prefetch in [false, true] {
            let (recording, draws) = Random.withSeed(9) {
                noGrad {
                    let batches = Array(DataLoader(Observing(), batchSize: 2, prefetch: prefetch))
                    return (batches.flatMap(\.input.doubles), batches.flatMap(\.target.doubles))
                }
            }
            #expect(recording == [0, 0, 0, 0, 0, 0], "prefetch \(prefetch)")
            let expected = Random.withSeed(9) { (0..<6).map { _ in (Tensor.rand([1]), Tensor.randn([1]).item).1 } }
            #expect(draws == expected, "prefetch \(prefetch)")
        }
    }

    @Test func batchesStackExamplesInOrder() {
        let loader = DataLoader(countingDataset(10), batchSize: 4)
        let batches = collect(loader)
        #expect(loader.count == 3)
        #expect(batches.map(\.inputShape) == [[4, 2], [4, 2], [2, 2]])
        #expect(batches.map(\.targets) == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]])
        #expect(batches[1].inputs == [4, 4.5, 5, 5.5, 6, 6.5, 7, 7.5])
    }

    @Test func dropLastDropsTheShortBatch() {
        let loader = DataLoader(countingDataset(10), batchSize: 4, dropLast: true)
        #expect(loader.count == 2)
        #expect(collect(loader).map(\.targets) == [[0, 1, 2, 3], [4, 5, 6, 7]])
        #expect(DataLoader(countingDataset(8), batchSize: 4, dropLast: true).count == 2)
    }

    @Test func generalPathMatchesTensorFastPath() {
        // Scalar targets become a [batch] vector; inputs gain a batch dimension.
        let fast = collect(DataLoader(countingDataset(9), batchSize: 4, shuffle: true, seed: 3))
        let general = collect(DataLoader(CountingExamples(count: 9), batchSize: 4, shuffle: true, seed: 3))
        #expect(fast.map(\.inputs) == general.map(\.inputs))
        #expect(fast.map(\.targets) == general.map(\.targets))
        #expect(general.map(\.inputShape) == [[4, 2], [4, 2], [1, 2]])
    }

    @Test func shuffleVisitsEveryExampleOnceAndReshufflesPerEpoch() {
        let loader = DataLoader(countingDataset(50), batchSize: 8, shuffle: true, seed: 11)
        let epoch0 = collect(loader).flatMap(\.targets)
        let epoch1 = collect(loader).flatMap(\.targets)
        #expect(epoch0.sorted() == Array(0..<50))
        #expect(epoch1.sorted() == Array(0..<50))
        #expect(epoch0 != Array(0..<50))
        #expect(epoch0 != epoch1)
        #expect(loader.epoch == 2)
    }

    @Test func epochOrderDependsOnlyOnSeedAndEpoch() {
        let a = DataLoader(countingDataset(30), batchSize: 7, shuffle: true, seed: 5)
        for _ in a {}  // a has run epoch 0 already
        for _ in 0..<3 { _ = Tensor.randn([4]) }  // the global generator moves on
        let b = DataLoader(countingDataset(30), batchSize: 7, shuffle: true, seed: 5)
        #expect(collect(a.batches(epoch: 1)).map(\.targets) == collect(b.batches(epoch: 1)).map(\.targets))
        #expect(collect(a).map(\.targets) == collect(b.batches(epoch: 1)).map(\.targets))
        let otherSeed = DataLoader(countingDataset(30), batchSize: 7, shuffle: true, seed: 6)
        #expect(otherSeed.order(epoch: 1) != b.order(epoch: 1))
    }

    @Test func prefetchingGivesIdenticalBatches() {
        let augmented = MappedDataset(countingDataset(37), seed: 9) { x, rng in x + Tensor.full(x.shape, rng.uniform()) }
        for epoch in 0..<3 {
            let with = DataLoader(augmented, batchSize: 5, shuffle: true, seed: 2, prefetch: true).batches(epoch: epoch)
            let without = DataLoader(augmented, batchSize: 5, shuffle: true, seed: 2, prefetch: false).batches(epoch: epoch)
            let (a, b) = (collect(with), collect(without))
            #expect(a.count == 8)
            #expect(a.map(\.inputs) == b.map(\.inputs))
            #expect(a.map(\.targets) == b.map(\.targets))
        }
    }

    @Test func breakingOutOfAPrefetchingLoopIsSafe() {
        let loader = DataLoader(countingDataset(100), batchSize: 10, prefetch: true)
        for (index, batch) in loader.enumerated() where index == 2 {
            #expect(batch.target.ints.first == 20)
            break
        }
        #expect(collect(loader).count == 10)
    }

    @Test func randomSplitPartitionsReproducibly() {
        let data = countingDataset(20)
        let parts = randomSplit(data, [15, 5], seed: 4)
        #expect(parts.map(\.count) == [15, 5])
        #expect(Set(parts[0].indices).isDisjoint(with: parts[1].indices))
        #expect((parts[0].indices + parts[1].indices).sorted() == Array(0..<20))
        #expect(randomSplit(data, [15, 5], seed: 4)[1].indices == parts[1].indices)
        #expect(randomSplit(data, [15, 5], seed: 5)[1].indices != parts[1].indices)
        // A subset reads through to its base, also in a loader.
        let targets = collect(DataLoader(parts[1], batchSize: 5)).flatMap(\.targets)
        #expect(targets == parts[1].indices)
    }

    @Test func mappedDatasetTransformsInputsOnly() {
        let doubled = countingDataset(4).mapInputs { $0 * 2 }
        let (x, y) = doubled.example(3)
        #expect(x.scalars == [6, 7])
        #expect(y.ints == [3])
    }

    @Test func randomTransformsChangeWithEpochButRepeatAcrossRuns() {
        let noisy = MappedDataset(countingDataset(4), seed: 1) { x, rng in x + Tensor.full(x.shape, rng.uniform()) }
        let first = noisy.example(2, epoch: 0).input.scalars
        #expect(noisy.example(2, epoch: 0).input.scalars == first)
        #expect(noisy.example(2, epoch: 1).input.scalars != first)
        #expect(noisy.example(1, epoch: 0).input.scalars[0] - 1 != first[0] - 2)
    }
}
