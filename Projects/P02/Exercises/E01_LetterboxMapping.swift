import Foundation

/// P02-E01 · Letterbox, and mapping boxes back. Docs/P02.md#p02-e01
///
/// `letterboxPlacement`: a width × height image is scaled by r = min(size/height, size/width)
/// to round(width·r) × round(height·r) and padded to size × size, the padding split between the
/// sides with the left (top) part round(pad/2 − 0.1). Rounding is Python's: halves to even
/// (`.rounded(.toNearestOrEven)`). Returns (r, left padding, top padding).
///
/// `boxToOriginal`: an xyxy box on the size × size input back in the original image's pixels:
/// subtract the padding, then divide x by the exact horizontal scale round(width·r) / width and
/// y by round(height·r) / height (the rounded sides make the two differ slightly), and clip x to
/// [0, width] and y to [0, height] (ultralytics' `scale_boxes`).
public func letterboxPlacement(width: Int, height: Int, size: Int) throws -> (scale: Double, left: Int, top: Int) {
    precondition(width > 0 && height > 0 && size > 0, "letterboxPlacement: sizes must be positive")
    // BEGIN SOLUTION
    let r = min(Double(size) / Double(height), Double(size) / Double(width))
    let newWidth = (Double(width) * r).rounded(.toNearestOrEven), newHeight = (Double(height) * r).rounded(.toNearestOrEven)
    let left = ((Double(size) - newWidth) / 2 - 0.1).rounded(.toNearestOrEven)
    let top = ((Double(size) - newHeight) / 2 - 0.1).rounded(.toNearestOrEven)
    return (r, Int(left), Int(top))
    // END SOLUTION
}

public func boxToOriginal(_ box: [Double], width: Int, height: Int, size: Int) throws -> [Double] {
    precondition(box.count == 4, "boxToOriginal: expected 4 numbers (x1, y1, x2, y2), got \(box.count)")
    // BEGIN SOLUTION
    let (r, left, top) = try letterboxPlacement(width: width, height: height, size: size)
    let gainX = (Double(width) * r).rounded(.toNearestOrEven) / Double(width)
    let gainY = (Double(height) * r).rounded(.toNearestOrEven) / Double(height)
    let limits = [Double(width), Double(height), Double(width), Double(height)]
    let offsets = [Double(left), Double(top), Double(left), Double(top)]
    let gains = [gainX, gainY, gainX, gainY]
    return (0..<4).map { i in min(max((box[i] - offsets[i]) / gains[i], 0), limits[i]) }
    // END SOLUTION
}
