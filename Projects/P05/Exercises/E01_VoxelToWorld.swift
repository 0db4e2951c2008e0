import Foundation

/// P05-E01 · The voxel-to-world affine and the orientation it encodes. Docs/P05.md#p05-e01
///
/// `voxelToWorld`: a NIfTI affine `A` (4 rows of 4, the last [0, 0, 0, 1]) maps the voxel
/// index (i, j, k) to millimetres: [x, y, z, 1]ᵀ = A · [i, j, k, 1]ᵀ. Return [x, y, z].
///
/// `axisCodes`: which way each voxel axis points in the world, as nibabel's `aff2axcodes`.
/// For voxel axis c, look at column c of the affine's 3×3 part: the world axis r with the
/// largest |A[r][c]| is the one it follows (ties: the smallest r), and the sign of A[r][c]
/// says the direction: world x is "R" when positive (towards the right) and "L" otherwise,
/// y is "A"/"P" (anterior/posterior), z is "S"/"I" (superior/inferior).
/// Example: the identity gives "RAS"; diag(−1, 1, 1) gives "LAS".
public func voxelToWorld(_ affine: [[Double]], _ voxel: [Double]) throws -> [Double] {
    precondition(affine.count >= 3 && affine.allSatisfy { $0.count == 4 } && voxel.count == 3, "voxelToWorld: affine 4×4, voxel 3")
    // BEGIN SOLUTION
    return (0..<3).map { r in affine[r][0] * voxel[0] + affine[r][1] * voxel[1] + affine[r][2] * voxel[2] + affine[r][3] }
    // END SOLUTION
}

public func axisCodes(_ affine: [[Double]]) throws -> String {
    precondition(affine.count >= 3 && affine.allSatisfy { $0.count == 4 }, "axisCodes: affine 4×4")
    // BEGIN SOLUTION
    let letters: [(positive: Character, negative: Character)] = [("R", "L"), ("A", "P"), ("S", "I")]
    var codes = ""
    for c in 0..<3 {
        var best = 0
        for r in 1..<3 where abs(affine[r][c]) > abs(affine[best][c]) { best = r }
        codes.append(affine[best][c] > 0 ? letters[best].positive : letters[best].negative)
    }
    return codes
    // END SOLUTION
}
