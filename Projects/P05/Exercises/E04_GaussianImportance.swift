import Foundation

/// P05-E04 · The Gaussian importance map of sliding-window inference. Docs/P05.md#p05-e04
///
/// Windows overlap, and a network is least reliable near a window's edge, so each window's
/// prediction is weighted by a Gaussian centred on the window (MONAI's
/// `compute_importance_map(mode="gaussian", sigma_scale=0.125)`). For a window of `size` =
/// [s0, s1, s2] voxels, along axis a use σₐ = 0.125·sₐ and the offsets
/// u = −(sₐ − 1)/2, −(sₐ − 1)/2 + 1, ..., (sₐ − 1)/2 from the centre, gₐ(u) = exp(−u²/(2σₐ²)).
/// The map is the product g0(u)·g1(v)·g2(w), laid out with the LAST axis fastest
/// (index = (a·s1 + b)·s2 + c); every value below 0.001 is then raised to 0.001 (so that no
/// voxel of the volume ends with zero total weight). It is not normalised: MONAI divides by
/// the summed weights afterwards, so only the ratios matter.
public func gaussianImportanceMap(size: [Int], sigmaScale: Double = 0.125) throws -> [Float] {
    precondition(size.count == 3 && size.allSatisfy { $0 > 0 } && sigmaScale > 0, "gaussianImportanceMap: 3 positive sizes")
    // BEGIN SOLUTION
    let profiles = size.map { s -> [Double] in
        let sigma = sigmaScale * Double(s)
        return (0..<s).map { i in
            let u = Double(i) - Double(s - 1) / 2
            return exp(-u * u / (2 * sigma * sigma))
        }
    }
    var map = [Double]()
    map.reserveCapacity(size.reduce(1, *))
    for a in profiles[0] { for b in profiles[1] { for c in profiles[2] { map.append(a * b * c) } } }
    return map.map { Float(max($0, 1e-3)) }
    // END SOLUTION
}
