import Foundation

/// P05-E05 · Positive/negative patch sampling. Docs/P05.md#p05-e05
///
/// A brain fills a fifth of the volume and a lesion far less, so random patches would mostly
/// show background. MONAI's `RandCropByPosNegLabel` picks the patch CENTRE on a foreground
/// voxel (label > 0) when `positive`, else on a background voxel (label == 0).
///
/// `label` holds `shape` = [nx, ny, nz] voxels, x fastest. List the candidate voxels in
/// storage order, pick the one at position ⌊draw · count⌋ (`draw` in [0, 1)), and return the
/// START corner of the patch of `patch` = [px, py, pz] voxels centred there:
/// startₐ = centreₐ − pₐ/2 (integer division), then clamped into 0...nₐ − pₐ so the patch
/// stays inside. Throw `PatchSamplingError.noCandidates` when no voxel qualifies.
public enum PatchSamplingError: Error, Equatable {
    case noCandidates(positive: Bool)
}

public func patchStart(label: [Float], shape: [Int], patch: [Int], positive: Bool, draw: Double) throws -> [Int] {
    precondition(shape.count == 3 && patch.count == 3 && label.count == shape.reduce(1, *), "patchStart: 3-D shape and patch")
    precondition(zip(patch, shape).allSatisfy { $0 > 0 && $0 <= $1 } && draw >= 0 && draw < 1, "patchStart: patch \(patch) inside \(shape), draw in [0, 1)")
    // BEGIN SOLUTION
    var count = 0
    for v in label where (v > 0) == positive { count += 1 }
    guard count > 0 else { throw PatchSamplingError.noCandidates(positive: positive) }
    let wanted = min(Int(draw * Double(count)), count - 1)
    var seen = 0, index = 0
    for (i, v) in label.enumerated() where (v > 0) == positive {
        if seen == wanted { index = i; break }
        seen += 1
    }
    let centre = [index % shape[0], (index / shape[0]) % shape[1], index / (shape[0] * shape[1])]
    return (0..<3).map { min(max(centre[$0] - patch[$0] / 2, 0), shape[$0] - patch[$0]) }
    // END SOLUTION
}
