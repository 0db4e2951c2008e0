import Foundation
import Testing
import Workbook
@testable import NN

/// Learning-rate schedules step by step against torch.optim.lr_scheduler (Fixtures/schedules.json).
@Suite struct SchedulerTests {
    let fixtures: JSONFixture
    init() throws { fixtures = try JSONFixture.load("schedules.json", from: .module) }

    static let schedules: [(String, @Sendable (Optimizer) -> LRScheduler)] = [
        ("step", { StepLR($0, stepSize: 3, gamma: 0.5) }),
        ("multistep", { MultiStepLR($0, milestones: [2, 5, 9], gamma: 0.1) }),
        ("exponential", { ExponentialLR($0, gamma: 0.9) }),
        ("cosine", { CosineAnnealingLR($0, tMax: 10, etaMin: 0.001) }),
        ("linear", { LinearLR($0, startFactor: 0.25, endFactor: 1, totalIters: 4) }),
        ("onecycle", { OneCycleLR($0, maxLR: 0.5, totalSteps: 20) }),
        ("noam", { NoamLR($0, dModel: 16, warmup: 4, factor: 2) }),
        ("warmup_cosine", { SequentialLR($0, [LinearLR($0, startFactor: 0.1, totalIters: 3), CosineAnnealingLR($0, tMax: 8)], milestones: [3]) }),
    ]

    @Test(arguments: schedules.map(\.0))
    func matchesTorchStepByStep(_ name: String) {
        let record = fixtures[name]
        let expected = record["lrs"].doubles
        let opt = SGD([Tensor.zeros([1], requiresGrad: true)], lr: record["base"].double)
        let scheduler = Self.schedules.first { $0.0 == name }!.1(opt)
        var seen = [opt.lr]
        for _ in 1..<expected.count {
            opt.step()
            scheduler.step()
            seen.append(opt.lr)
        }
        #expect(close(seen, expected, rtol: 1e-9, atol: 1e-12), "\(name): \(seen) vs \(expected)")
    }

    @Test func noamFollowsItsFormula() {
        let opt = SGD([], lr: 1)
        let noam = NoamLR(opt, dModel: 512, warmup: 4000)
        for step in [1, 100, 3999, 4000, 4001, 100_000] {
            let s = Double(step)
            let formula = pow(512, -0.5) * min(pow(s, -0.5), s * pow(4000, -1.5))
            #expect(abs(noam.lr(at: step) - formula) < 1e-15)
        }
        #expect(noam.lr(at: 4000) > noam.lr(at: 3000) && noam.lr(at: 4000) > noam.lr(at: 5000))
    }

    @Test func lastEpochCanBeSetToResume() {
        let opt = SGD([], lr: 0.1)
        let schedule = StepLR(opt, stepSize: 2)
        schedule.lastEpoch = 5
        #expect(abs(opt.lr - 0.001) < 1e-15)
    }
}
