import Foundation

/// M01-E08 · Cosine learning-rate schedule with linear warmup. Docs/M01.md#m01-e08
///
/// `step` counts from 0. During the first `warmupSteps` steps the rate rises
/// linearly: baseLR·(step+1)/warmupSteps. Afterwards it follows half a cosine
/// from baseLR down to minLR, reached at `totalSteps`:
/// minLR + ½(baseLR - minLR)(1 + cos(π·t)), t = (step - warmupSteps)/(totalSteps - warmupSteps),
/// and stays at minLR after that.
public func cosineWithWarmup(step: Int, baseLR: Double, warmupSteps: Int, totalSteps: Int, minLR: Double = 0) throws -> Double {
    // BEGIN SOLUTION
    if step < warmupSteps { return baseLR * Double(step + 1) / Double(warmupSteps) }
    let t = min(1, Double(step - warmupSteps) / Double(max(1, totalSteps - warmupSteps)))
    return minLR + 0.5 * (baseLR - minLR) * (1 + cos(Double.pi * t))
    // END SOLUTION
}
