import DeepLearning
import Foundation

/// The segmentation metrics of the project, computed as MONAI computes them on binary masks.
enum SegmentationMetrics {
    /// Dice 2|A∩B| / (|A| + |B|) of two 0/1 masks; nil when both are empty (MONAI's
    /// `DiceMetric(ignore_empty=True)` leaves such a case out, as NaN).
    static func dice(_ prediction: [Float], _ truth: [Float]) -> Double? {
        precondition(prediction.count == truth.count, "dice: \(prediction.count) and \(truth.count) voxels")
        var overlap = 0, p = 0, t = 0
        for i in prediction.indices {
            let (a, b) = (prediction[i] > 0, truth[i] > 0)
            if a { p += 1 }
            if b { t += 1 }
            if a && b { overlap += 1 }
        }
        return t == 0 ? nil : 2 * Double(overlap) / Double(p + t)
    }

    /// The surface voxels of a mask, as world points in mm: foreground voxels with at least
    /// one of their 6 face neighbours outside the mask or outside the volume (the mask minus
    /// its binary erosion, MONAI's `get_mask_edges`).
    static func surface(_ mask: Volume) -> [[Double]] {
        let s = mask.shape
        func inside(_ x: Int, _ y: Int, _ z: Int) -> Bool {
            x >= 0 && y >= 0 && z >= 0 && x < s[0] && y < s[1] && z < s[2] && mask.data[mask.index(x, y, z)] > 0
        }
        var points: [[Double]] = []
        for z in 0..<s[2] {
            for y in 0..<s[1] {
                for x in 0..<s[0] where inside(x, y, z) {
                    let neighbours = [(x - 1, y, z), (x + 1, y, z), (x, y - 1, z), (x, y + 1, z), (x, y, z - 1), (x, y, z + 1)]
                    if neighbours.contains(where: { !inside($0.0, $0.1, $0.2) }) {
                        points.append(applyAffine(mask.affine, x, y, z))
                    }
                }
            }
        }
        return points
    }

    /// HD95 in mm between two masks on one grid (P05-E06 on their surfaces).
    static func hausdorff95(_ prediction: Volume, _ truth: Volume) throws -> Double? {
        try P05.hausdorff95(surface(prediction), surface(truth))
    }
}
