import DeepLearning
import Foundation

/// The picture radiologists look at first: the axial, coronal and sagittal slices through
/// the middle of the mask, side by side, grey image with the mask in red; where a reference
/// mask is given, voxels it has and the prediction misses are blue.
enum SliceFigure {
    static func write(image: Volume, mask: Volume, reference: Volume? = nil, to path: String, scale: Int = 2) throws {
        let s = image.shape
        let centre = centreOfMass(mask) ?? s.map { $0 / 2 }
        // (horizontal axis, vertical axis, fixed axis): axial z, coronal y, sagittal x; superior/anterior up.
        let views = [(0, 1, 2), (0, 2, 1), (1, 2, 0)]
        let widths = views.map { s[$0.0] * scale }, height = views.map { s[$0.1] }.max()! * scale
        let width = widths.reduce(0, +) + 2 * (views.count - 1)
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        var left = 0
        for (view, (u, v, fixed)) in views.enumerated() {
            for py in 0..<s[v] * scale {
                for px in 0..<s[u] * scale {
                    var voxel = [0, 0, 0]
                    voxel[u] = px / scale
                    voxel[v] = s[v] - 1 - py / scale
                    voxel[fixed] = centre[fixed]
                    let i = image.index(voxel[0], voxel[1], voxel[2])
                    let grey = Double(min(max(image.data[i], 0), 1)) * 255
                    var rgb = [grey, grey, grey]
                    if mask.data[i] > 0 {
                        rgb = [0.55 * grey + 0.45 * 255, 0.55 * grey, 0.55 * grey]
                    } else if let reference, reference.data[i] > 0 {
                        rgb = [0.55 * grey, 0.55 * grey, 0.55 * grey + 0.45 * 255]
                    }
                    let o = (py * width + left + px) * 3
                    for c in 0..<3 { pixels[o + c] = UInt8(rgb[c].rounded()) }
                }
            }
            left += widths[view] + 2
        }
        try PNGImage(width: width, height: height, channels: 3, pixels: pixels).write(to: URL(fileURLWithPath: path))
    }

    static func centreOfMass(_ mask: Volume) -> [Int]? {
        var sum = [0, 0, 0], count = 0
        for z in 0..<mask.shape[2] {
            for y in 0..<mask.shape[1] {
                for x in 0..<mask.shape[0] where mask.data[mask.index(x, y, z)] > 0 {
                    sum[0] += x; sum[1] += y; sum[2] += z; count += 1
                }
            }
        }
        return count == 0 ? nil : sum.map { $0 / count }
    }
}
