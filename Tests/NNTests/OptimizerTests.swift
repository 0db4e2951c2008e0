import Foundation
import Testing
import Workbook
@testable import NN

/// Optimizers replay PyTorch's trajectories (Fixtures/optimizers.json): the same
/// initial parameters and the same gradients at every step.
@Suite struct OptimizerTests {
    let fixtures: JSONFixture
    init() throws { fixtures = try JSONFixture.load("optimizers.json", from: .module) }

    static let configurations: [(String, @Sendable ([Tensor]) -> Optimizer)] = [
        ("sgd", { SGD($0, lr: 0.1) }),
        ("sgd_momentum", { SGD($0, lr: 0.1, momentum: 0.9) }),
        ("sgd_dampening_wd", { SGD($0, lr: 0.1, momentum: 0.9, dampening: 0.1, weightDecay: 0.01) }),
        ("sgd_nesterov", { SGD($0, lr: 0.05, momentum: 0.9, weightDecay: 0.01, nesterov: true) }),
        ("adam", { Adam($0, lr: 0.01) }),
        ("adam_amsgrad_wd", { Adam($0, lr: 0.01, betas: (0.8, 0.99), weightDecay: 0.1, amsgrad: true) }),
        ("adamw", { AdamW($0, lr: 0.01) }),
        ("adamw_amsgrad", { AdamW($0, lr: 0.02, weightDecay: 0.1, amsgrad: true) }),
        ("rmsprop", { RMSprop($0, lr: 0.01) }),
        ("rmsprop_centered_momentum", { RMSprop($0, lr: 0.01, alpha: 0.9, weightDecay: 0.01, momentum: 0.9, centered: true) }),
        ("adagrad", { Adagrad($0, lr: 0.1) }),
        ("adagrad_decay", { Adagrad($0, lr: 0.1, lrDecay: 0.1, weightDecay: 0.01, initialAccumulatorValue: 0.1) }),
    ]

    private func initialParameters() -> [Tensor] {
        (fixtures["init"].array).map {
            let t = $0.record(); t.requiresGrad = true; return t
        }
    }

    private var gradients: [[Tensor]] {
        fixtures["grads"].array.map { $0.array.map { $0.record() } }
    }

    @Test(arguments: configurations.map(\.0))
    func trajectoryMatchesTorch(_ name: String) {
        let make = Self.configurations.first { $0.0 == name }!.1
        let params = initialParameters()
        let opt = make(params)
        let expected = fixtures["runs"][name]["params"].array.map { $0.array.map(\.doubles) }
        for (step, grads) in gradients.enumerated() {
            for (p, g) in zip(params, grads) { p.grad = g }
            opt.step()
            for (i, p) in params.enumerated() {
                let want = expected[step][i]
                #expect(close(p.doubles, want, rtol: 2e-5, atol: 2e-6), "\(name) step \(step + 1) parameter \(i)")
            }
        }
    }

    @Test func clipGradNormMatchesTorch() {
        let record = fixtures["clip_grad_norm"]
        let scale = record["scale"].double
        for (key, normType) in [("2", 2.0), ("inf", Double.infinity)] {
            let params = initialParameters()
            for (p, g) in zip(params, gradients[0]) { p.grad = g * scale }
            let total = clipGradNorm(params, maxNorm: 1.5, normType: normType)
            let want = record["cases"][key]
            #expect(abs(total - want["total"].double) < 1e-4)
            for (p, g) in zip(params, want["grads"].array.map(\.doubles)) {
                #expect(close(p.grad!.doubles, g, rtol: 1e-5, atol: 1e-7))
            }
        }
        let p = Tensor.zeros([3], requiresGrad: true)
        p.grad = Tensor([-3, 0.5, 2])
        clipGradValue([p], clipValue: 1)
        #expect(p.grad!.scalars == [-1, 0.5, 1])
    }

    /// Large tensors are updated by several threads; each element independently, so the
    /// result is the same as with one thread.
    @Test func threadedUpdatesEqualSerialOnes() {
        Random.seed(13)
        let start = Tensor.randn([300_000]), grad = Tensor.randn([300_000])
        func run(threads: Int) -> [Float] {
            let previous = Threads.limit
            Threads.limit = threads
            defer { Threads.limit = previous }
            let p = start.clone().detach()
            p.requiresGrad = true
            let opt = Adam([p], lr: 0.01, amsgrad: true)
            for _ in 0..<3 { p.grad = grad; opt.step() }
            return p.scalars
        }
        #expect(run(threads: 2) == run(threads: 1))
    }

    @Test func frozenAndGradlessParametersAreSkipped() {
        let a = Tensor.ones([2], requiresGrad: true), b = Tensor.ones([2], requiresGrad: true)
        let opt = Adam([a, b], lr: 0.1)
        a.grad = Tensor([1, 1])
        opt.step()
        #expect(b.scalars == [1, 1] && opt.states[1].step == 0 && opt.states[0].step == 1)
        #expect(a.scalars.allSatisfy { abs($0 - 0.9) < 1e-6 })
    }

    @Test func stateDictRoundTripsAndRejectsMismatches() throws {
        let params = initialParameters()
        let opt = RMSprop(params, lr: 0.01, momentum: 0.9, centered: true)
        for (p, g) in zip(params, gradients[0]) { p.grad = g }
        opt.step()
        let state = opt.stateDict()
        #expect(
            Set(state.keys) == [
                "lr", "state.0.step", "state.0.square_avg", "state.0.grad_avg", "state.0.momentum_buffer",
                "state.1.step", "state.1.square_avg", "state.1.grad_avg", "state.1.momentum_buffer",
            ])
        let fresh = RMSprop(initialParameters(), lr: 0.5, momentum: 0.9, centered: true)
        try fresh.loadStateDict(state)
        #expect(fresh.lr == 0.01 && fresh.states[1].step == 1)
        #expect(fresh.states[0].buffers["square_avg"]!.scalars == opt.states[0].buffers["square_avg"]!.scalars)

        let other = RMSprop([Tensor.zeros([5], requiresGrad: true)], lr: 0.01)
        #expect(throws: CheckpointError.self) { try other.loadStateDict(state) }
    }
}
