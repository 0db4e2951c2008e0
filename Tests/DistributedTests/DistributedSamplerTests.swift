import Distributed
import Testing

/// The sampler follows torch.utils.data.DistributedSampler's rule; the expected shares
/// below are what that rule gives for 10 examples over 4 ranks without shuffling.
@Suite struct DistributedSamplerTests {
    func shares(count: Int, worldSize: Int, dropLast: Bool, shuffle: Bool = false, epoch: Int = 0) throws -> [[Int]] {
        try (0..<worldSize).map {
            try DistributedSampler(count: count, worldSize: worldSize, rank: $0, shuffle: shuffle, seed: 5, dropLast: dropLast).indices(epoch: epoch)
        }
    }

    @Test func padsTheTailWithTheFirstExamples() throws {
        #expect(try shares(count: 10, worldSize: 4, dropLast: false) == [[0, 4, 8], [1, 5, 9], [2, 6, 0], [3, 7, 1]])
    }

    @Test func dropsTheTail() throws {
        #expect(try shares(count: 10, worldSize: 4, dropLast: true) == [[0, 4], [1, 5], [2, 6], [3, 7]])
    }

    @Test func shuffledSharesAreDisjointAndChangeWithTheEpoch() throws {
        let epoch0 = try shares(count: 101, worldSize: 3, dropLast: true, shuffle: true)
        let all = epoch0.flatMap { $0 }
        #expect(Set(all).count == all.count && all.count == 99 && epoch0.allSatisfy { $0.count == 33 })
        #expect(try shares(count: 101, worldSize: 3, dropLast: true, shuffle: true, epoch: 1) != epoch0)
        #expect(try shares(count: 101, worldSize: 3, dropLast: true, shuffle: true) == epoch0)
    }

    @Test func rejectsARankOutsideTheJob() {
        #expect(throws: DistributedError.self) { try DistributedSampler(count: 10, worldSize: 2, rank: 2) }
    }
}
