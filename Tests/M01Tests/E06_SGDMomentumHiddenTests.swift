import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M01

@Suite(.exercise("M01-E06")) struct M01_E06_Hidden {
    @Test func zeroMomentumIsPlainSGDAndInputsStayUnchanged() throws {
        let p = randomTensor([4], seed: 61), g = randomTensor([4], seed: 62), v = randomTensor([4], seed: 63)
        let (before, velocityBefore) = (p.doubles, v.doubles)
        let (params, velocities) = try sgdMomentumStep(parameters: [p], gradients: [g], velocities: [v], lr: 0.5, momentum: 0)
        try checkClose(params[0], p - 0.5 * g, rtol: 1e-12, "p - lr·g")
        try checkClose(velocities[0], g, rtol: 1e-12, "velocity with momentum 0")
        try checkClose(p.doubles + v.doubles, before + velocityBefore, rtol: 0, atol: 0, "the inputs, which must not be modified")
    }

    @Test func handlesSeveralParameters() throws {
        let ps = [randomTensor([2, 3], seed: 64), randomTensor([5], seed: 65)]
        let gs = [randomTensor([2, 3], seed: 66), randomTensor([5], seed: 67)]
        let vs = [randomTensor([2, 3], seed: 68), randomTensor([5], seed: 69)]
        let (params, velocities) = try sgdMomentumStep(parameters: ps, gradients: gs, velocities: vs, lr: 0.1, momentum: 0.8)
        for i in 0..<2 {
            try checkClose(velocities[i], 0.8 * vs[i] + gs[i], rtol: 1e-12, "velocity \(i)")
            try checkClose(params[i], ps[i] - 0.1 * (0.8 * vs[i] + gs[i]), rtol: 1e-12, "parameter \(i)")
        }
    }
}
