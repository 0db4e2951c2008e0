import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M01

@Suite(.exercise("M01-E08")) struct M01_E08 {
    @Test func matchesTheScheduleStepByStep() throws {
        let ref = try fixture("cosine_warmup")
        let expected = try ref.values("lrs")
        let got = try expected.indices.map {
            try cosineWithWarmup(step: $0, baseLR: 0.5, warmupSteps: 4, totalSteps: 20, minLR: 0.05)
        }
        try checkClose(got, expected, rtol: 1e-12, "learning rates for steps 0...\(expected.count - 1)")
    }
}
