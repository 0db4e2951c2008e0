import DeepLearning

/// M02-E12 · RoIAlign, one bin. Docs/M02.md#m02-e12
///
/// `feature` is one channel [H, W]; `box` is in feature-map pixels. The box (width and
/// height at least 1) is cut into `outputSize`×`outputSize` bins; bin (row, column) is
/// the average of samplingRatio×samplingRatio bilinear samples at the centres of a
/// regular grid inside the bin:
///
///     y = box.y1 + row·binH + (iy + ½)·binH / samplingRatio   (likewise x), iy = 0..<samplingRatio
///
/// Bilinear sampling as torchvision (`roi_align`, aligned=false): a point with y < −1,
/// y > H, x < −1 or x > W gives 0; otherwise clamp y and x below at 0; when ⌊y⌋ ≥ H − 1 use
/// row H − 1 alone (likewise columns); else mix rows ⌊y⌋ and ⌊y⌋+1 (and columns) by distance.
public func roiAlignBin(feature: Tensor, box: Box, outputSize: Int, row: Int, column: Int, samplingRatio: Int = 2) throws -> Double {
    precondition(feature.rank == 2, "roiAlignBin: expected one feature plane [H, W], got \(feature.shape)")
    // BEGIN SOLUTION
    let (h, w) = (feature.shape[0], feature.shape[1])
    let values = feature.doubles
    func sample(_ y: Double, _ x: Double) -> Double {
        if y < -1 || y > Double(h) || x < -1 || x > Double(w) { return 0 }
        var (y, x) = (max(y, 0), max(x, 0))
        var (y0, x0) = (Int(y), Int(x))
        let y1: Int, x1: Int
        if y0 >= h - 1 { (y0, y1, y) = (h - 1, h - 1, Double(h - 1)) } else { y1 = y0 + 1 }
        if x0 >= w - 1 { (x0, x1, x) = (w - 1, w - 1, Double(w - 1)) } else { x1 = x0 + 1 }
        let (ly, lx) = (y - Double(y0), x - Double(x0))
        return (1 - ly) * (1 - lx) * values[y0 * w + x0] + (1 - ly) * lx * values[y0 * w + x1]
            + ly * (1 - lx) * values[y1 * w + x0] + ly * lx * values[y1 * w + x1]
    }
    let binH = max(box.height, 1) / Double(outputSize), binW = max(box.width, 1) / Double(outputSize)
    var total = 0.0
    for iy in 0..<samplingRatio {
        for ix in 0..<samplingRatio {
            total += sample(
                box.y1 + Double(row) * binH + (Double(iy) + 0.5) * binH / Double(samplingRatio),
                box.x1 + Double(column) * binW + (Double(ix) + 0.5) * binW / Double(samplingRatio))
        }
    }
    return total / Double(samplingRatio * samplingRatio)
    // END SOLUTION
}
