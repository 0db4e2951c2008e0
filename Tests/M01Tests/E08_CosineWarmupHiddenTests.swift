import DeepLearning
import Testing
import Workbook
@testable import M01

@Suite struct M01_E08_Hidden {
    @Test func afterWarmupItIsTorchsCosineAnnealing() throws {
        let ref = try fixture("cosine_warmup")
        let torchValues = try ref.values("torchCosineAfterWarmup")
        let got = try torchValues.indices.map {
            try cosineWithWarmup(step: 4 + $0, baseLR: 0.5, warmupSteps: 4, totalSteps: 20, minLR: 0.05)
        }
        try checkClose(got, torchValues, rtol: 1e-9, "CosineAnnealingLR(T_max: 16, eta_min: 0.05) after 4 warmup steps")
    }

    @Test func risesThenFallsAndStaysAtTheFloor() throws {
        let lrs = try (0..<120).map { try cosineWithWarmup(step: $0, baseLR: 1e-3, warmupSteps: 10, totalSteps: 100, minLR: 1e-5) }
        #expect(zip(lrs[0..<9], lrs[1..<10]).allSatisfy { $0 < $1 }, "the warmup must rise")
        #expect(abs(lrs[9] - 1e-3) < 1e-15 && abs(lrs[10] - 1e-3) < 1e-15, "the warmup ends at the base rate, where the cosine starts")
        #expect(zip(lrs[10..<100], lrs[11..<101]).allSatisfy { $0 >= $1 }, "the cosine part must not rise")
        try checkClose(Array(lrs[100...]), Array(repeating: 1e-5, count: 20), rtol: 1e-9, "learning rate after totalSteps")
    }
}
