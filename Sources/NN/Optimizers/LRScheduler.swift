import Foundation
import Tensors

/// Sets an optimizer's learning rate from a schedule (`torch.optim.lr_scheduler`).
///
/// Like PyTorch: making a scheduler sets the rate for epoch 0; call `step()` after
/// `optimizer.step()`, once per epoch (or per batch for OneCycleLR, Noam and warmup).
/// Each schedule is written as a closed form `lr(at:)` of the epoch counter.
///
/// ```swift
/// let opt = SGD(model.parameters(), lr: 0.1, momentum: 0.9)
/// let schedule = CosineAnnealingLR(opt, tMax: 50)
/// for epoch in 0..<50 { trainOneEpoch(); schedule.step() }
/// ```
open class LRScheduler {
    public let optimizer: Optimizer
    /// The learning rate the schedule scales (the optimizer's rate when the scheduler was made).
    public var baseLR: Double
    /// Number of `step()` calls so far; settable to resume a schedule.
    public var lastEpoch: Int = 0 {
        didSet { optimizer.lr = lr(at: lastEpoch) }
    }

    public init(_ optimizer: Optimizer) {
        self.optimizer = optimizer
        baseLR = optimizer.lr
        optimizer.lr = lr(at: 0)
    }

    /// The learning rate at `epoch`.
    open func lr(at epoch: Int) -> Double { baseLR }

    /// Advances one epoch (or batch) and sets the optimizer's learning rate.
    public func step() { lastEpoch += 1 }

    /// The rate the optimizer has now.
    public var currentLR: Double { optimizer.lr }
}

/// Multiplies the rate by `gamma` every `stepSize` epochs.
public final class StepLR: LRScheduler {
    public let stepSize: Int, gamma: Double
    public init(_ optimizer: Optimizer, stepSize: Int, gamma: Double = 0.1) {
        precondition(stepSize > 0, "StepLR: stepSize must be positive, got \(stepSize)")
        (self.stepSize, self.gamma) = (stepSize, gamma)
        super.init(optimizer)
    }
    public override func lr(at epoch: Int) -> Double { baseLR * pow(gamma, Double(epoch / stepSize)) }
}

/// Multiplies the rate by `gamma` at each milestone epoch.
public final class MultiStepLR: LRScheduler {
    public let milestones: [Int], gamma: Double
    public init(_ optimizer: Optimizer, milestones: [Int], gamma: Double = 0.1) {
        (self.milestones, self.gamma) = (milestones.sorted(), gamma)
        super.init(optimizer)
    }
    public override func lr(at epoch: Int) -> Double {
        baseLR * pow(gamma, Double(milestones.filter { $0 <= epoch }.count))
    }
}

/// Multiplies the rate by `gamma` every epoch.
public final class ExponentialLR: LRScheduler {
    public let gamma: Double
    public init(_ optimizer: Optimizer, gamma: Double) {
        self.gamma = gamma
        super.init(optimizer)
    }
    public override func lr(at epoch: Int) -> Double { baseLR * pow(gamma, Double(epoch)) }
}

/// Half a cosine from the base rate down to `etaMin` over `tMax` epochs:
/// lr = etaMin + (base - etaMin)·(1 + cos(π·t/tMax))/2.
public final class CosineAnnealingLR: LRScheduler {
    public let tMax: Int, etaMin: Double
    public init(_ optimizer: Optimizer, tMax: Int, etaMin: Double = 0) {
        precondition(tMax > 0, "CosineAnnealingLR: tMax must be positive, got \(tMax)")
        (self.tMax, self.etaMin) = (tMax, etaMin)
        super.init(optimizer)
    }
    public override func lr(at epoch: Int) -> Double {
        ExerciseTwins.called("CosineAnnealingLR", twinOf: ["M01-E08"])
        return etaMin + (baseLR - etaMin) * (1 + cos(Double.pi * Double(epoch) / Double(tMax))) / 2
    }
}

/// Scales the rate linearly from `startFactor` to `endFactor` over `totalIters` steps,
/// then keeps `endFactor` (linear warmup with the defaults).
public final class LinearLR: LRScheduler {
    public let startFactor: Double, endFactor: Double, totalIters: Int
    public init(_ optimizer: Optimizer, startFactor: Double = 1.0 / 3, endFactor: Double = 1, totalIters: Int = 5) {
        precondition(
            startFactor > 0 && startFactor <= 1 && endFactor >= 0 && endFactor <= 1 && totalIters > 0,
            "LinearLR: factors must be in (0, 1] and [0, 1], totalIters positive")
        (self.startFactor, self.endFactor, self.totalIters) = (startFactor, endFactor, totalIters)
        super.init(optimizer)
    }
    public override func lr(at epoch: Int) -> Double {
        ExerciseTwins.called("LinearLR", twinOf: ["M01-E08"])
        return baseLR * (startFactor + (endFactor - startFactor) * Double(min(epoch, totalIters)) / Double(totalIters))
    }
}

/// The rate is `baseLR · factor(epoch)` for any function (`LambdaLR`).
public final class LambdaLR: LRScheduler {
    public let factor: (Int) -> Double
    public init(_ optimizer: Optimizer, _ factor: @escaping (Int) -> Double) {
        self.factor = factor
        super.init(optimizer)
    }
    public override func lr(at epoch: Int) -> Double { baseLR * factor(epoch) }
}

/// The Transformer's schedule ("Attention Is All You Need", the "Noam" rate):
/// lr = base · factor · dModel^-0.5 · min(s^-0.5, s · warmup^-1.5), s = max(step, 1).
/// Linear warmup for `warmup` steps, then decay as 1/√step. Step it per batch; base is usually 1.
public final class NoamLR: LRScheduler {
    public let dModel: Int, warmup: Int, factor: Double
    public init(_ optimizer: Optimizer, dModel: Int, warmup: Int, factor: Double = 1) {
        precondition(dModel > 0 && warmup > 0, "NoamLR: dModel and warmup must be positive")
        (self.dModel, self.warmup, self.factor) = (dModel, warmup, factor)
        super.init(optimizer)
    }
    public override func lr(at epoch: Int) -> Double {
        ExerciseTwins.called("NoamLR", twinOf: ["P06-E02"])
        let s = Double(max(epoch, 1))
        return baseLR * factor * pow(Double(dModel), -0.5) * min(pow(s, -0.5), s * pow(Double(warmup), -1.5))
    }
}

/// The 1cycle policy (`torch.optim.lr_scheduler.OneCycleLR`, cosine annealing,
/// two phases): from maxLR/divFactor up to maxLR over the first `pctStart` of
/// `totalSteps`, then down to maxLR/(divFactor·finalDivFactor). Step it per batch.
/// Unlike PyTorch it does not cycle momentum.
public final class OneCycleLR: LRScheduler {
    public let maxLR: Double, totalSteps: Int, pctStart: Double, divFactor: Double, finalDivFactor: Double
    public init(
        _ optimizer: Optimizer, maxLR: Double, totalSteps: Int, pctStart: Double = 0.3,
        divFactor: Double = 25, finalDivFactor: Double = 1e4
    ) {
        precondition(totalSteps > 1 && pctStart > 0 && pctStart < 1, "OneCycleLR: needs totalSteps > 1 and pctStart in (0, 1)")
        (self.maxLR, self.totalSteps, self.pctStart, self.divFactor, self.finalDivFactor) = (maxLR, totalSteps, pctStart, divFactor, finalDivFactor)
        super.init(optimizer)
        baseLR = maxLR / divFactor
    }
    public override func lr(at epoch: Int) -> Double {
        let initial = maxLR / divFactor, final = initial / finalDivFactor
        let warmupEnd = pctStart * Double(totalSteps) - 1, end = Double(totalSteps - 1)
        let t = Double(min(epoch, totalSteps - 1))
        func anneal(_ start: Double, _ stop: Double, _ pct: Double) -> Double { stop + (start - stop) / 2 * (1 + cos(Double.pi * pct)) }
        if t <= warmupEnd { return anneal(initial, maxLR, t / warmupEnd) }
        return anneal(maxLR, final, (t - warmupEnd) / (end - warmupEnd))
    }
}

/// Runs schedulers one after another (`SequentialLR`): scheduler k takes over at
/// `milestones[k-1]` and counts its epochs from there. All share the first one's
/// base rate. Linear warmup then cosine decay:
///
/// ```swift
/// let warmup = LinearLR(opt, startFactor: 0.01, totalIters: 5)
/// let decay = CosineAnnealingLR(opt, tMax: 95)
/// let schedule = SequentialLR(opt, [warmup, decay], milestones: [5])
/// ```
public final class SequentialLR: LRScheduler {
    public let schedulers: [LRScheduler], milestones: [Int]
    public init(_ optimizer: Optimizer, _ schedulers: [LRScheduler], milestones: [Int]) {
        precondition(
            !schedulers.isEmpty && milestones.count == schedulers.count - 1 && milestones == milestones.sorted(),
            "SequentialLR: needs one milestone fewer than schedulers (\(schedulers.count)), sorted; got \(milestones)")
        let base = schedulers[0].baseLR
        for s in schedulers { s.baseLR = base }
        (self.schedulers, self.milestones) = (schedulers, milestones)
        super.init(optimizer)
        baseLR = base
        optimizer.lr = lr(at: 0)
    }
    public override func lr(at epoch: Int) -> Double {
        ExerciseTwins.called("SequentialLR", twinOf: ["M01-E08"])
        let k = milestones.filter { $0 <= epoch }.count
        return schedulers[k].lr(at: epoch - (k > 0 ? milestones[k - 1] : 0))
    }
}
