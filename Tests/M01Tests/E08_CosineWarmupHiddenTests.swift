import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M01

@Suite(.exercise("M01-E08")) struct M01_E08_Hidden {
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
        try checkEqual([zip(lrs[0..<9], lrs[1..<10]).filter { $0 >= $1 }.count], [0], "steps where the warmup does not rise")
        try checkClose(Array(lrs[9...10]), [1e-3, 1e-3], rtol: 0, atol: 1e-15, "the end of the warmup and the start of the cosine")
        try checkEqual([zip(lrs[10..<100], lrs[11..<101]).filter { $0 < $1 }.count], [0], "steps where the cosine part rises")
        try checkClose(Array(lrs[100...]), Array(repeating: 1e-5, count: 20), rtol: 1e-9, "learning rate after totalSteps")
    }
}
