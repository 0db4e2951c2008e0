import Foundation

/// P05-E02 · Trilinear interpolation in a volume. Docs/P05.md#p05-e02
///
/// `volume` holds `shape` = [nx, ny, nz] voxels, x fastest: voxel (i, j, k) is
/// `volume[i + nx·(j + ny·k)]`. Return the value at the continuous voxel position
/// `point` = (x, y, z): with i0 = ⌊x⌋, i1 = i0 + 1 and fx = x − i0 (the same for y and z), the
/// weighted sum of the 8 corner voxels, each weighted by (1 − fx or fx)·(1 − fy or fy)·(1 − fz or fz).
/// Positions outside the volume take the border's value: clamp every corner index into
/// 0...n−1 (the "border" padding of MONAI's `Spacing`). A point exactly on a voxel returns it.
public func trilinearSample(_ volume: [Float], shape: [Int], at point: [Double]) throws -> Float {
    precondition(shape.count == 3 && volume.count == shape.reduce(1, *) && point.count == 3, "trilinearSample: shape [nx, ny, nz], point (x, y, z)")
    // BEGIN SOLUTION
    var lower = [Int](repeating: 0, count: 3), upper = lower, fraction = [Double](repeating: 0, count: 3)
    for axis in 0..<3 {
        let base = point[axis].rounded(.down)
        fraction[axis] = point[axis] - base
        let i = Int(max(-1, min(Double(shape[axis]), base)))
        lower[axis] = min(max(i, 0), shape[axis] - 1)
        upper[axis] = min(max(i + 1, 0), shape[axis] - 1)
    }
    func at(_ i: Int, _ j: Int, _ k: Int) -> Double { Double(volume[i + shape[0] * (j + shape[1] * k)]) }
    var sum = 0.0
    for corner in 0..<8 {
        let pick = [corner & 1, (corner >> 1) & 1, (corner >> 2) & 1]
        var weight = 1.0
        for axis in 0..<3 { weight *= pick[axis] == 1 ? fraction[axis] : 1 - fraction[axis] }
        if weight == 0 { continue }
        sum += weight * at(pick[0] == 1 ? upper[0] : lower[0], pick[1] == 1 ? upper[1] : lower[1], pick[2] == 1 ? upper[2] : lower[2])
    }
    return Float(sum)
    // END SOLUTION
}
