import DeepLearning

/// How the predictions of overlapping windows are averaged.
enum Blending: String, CaseIterable {
    /// Every voxel of a window counts the same.
    case constant
    /// Voxels near the window's centre count more (P05-E04).
    case gaussian
}

/// MONAI's `sliding_window_inference`: the network sees `roi`-sized windows of a whole
/// volume [1, C, D, H, W] (roi as [d, h, w]), stepped by roi·(1 − overlap) and shifted back
/// at the far edges so the last window ends on the border; each window's output is weighted
/// by the importance map and the weighted sum divided by the summed weights. A volume
/// smaller than the roi is zero-padded symmetrically first, and cropped back after.
func slidingWindowInference(
    _ volume: Tensor, roi: [Int], overlap: Double = 0.25, blending: Blending = .gaussian,
    batchSize: Int = 1, _ network: (Tensor) throws -> Tensor
) throws -> Tensor {
    precondition(volume.rank == 5 && volume.shape[0] == 1 && roi.count == 3, "slidingWindowInference: volume [1, C, D, H, W], roi [d, h, w]")
    precondition(overlap >= 0 && overlap < 1, "slidingWindowInference: overlap in [0, 1)")
    let original = Array(volume.shape[2...])
    let padBefore = (0..<3).map { max(roi[$0] - original[$0], 0) / 2 }
    let padded = (0..<3).map { max(original[$0], roi[$0]) }
    let input = padded == original ? volume : zeroPadded(volume, to: padded, before: padBefore)
    let starts = (0..<3).map { windowStarts(size: padded[$0], roi: roi[$0], overlap: overlap) }
    let weight =
        blending == .gaussian
        ? try gaussianImportanceMap(size: roi)
        : [Float](repeating: 1, count: roi.reduce(1, *))
    var windows: [[Int]] = []
    for d in starts[0] { for h in starts[1] { for w in starts[2] { windows.append([d, h, w]) } } }

    var sum: [Float] = [], total = [Float](repeating: 0, count: padded.reduce(1, *))
    var channels = 0
    for first in stride(from: 0, to: windows.count, by: batchSize) {
        let batch = Array(windows[first..<min(first + batchSize, windows.count)])
        let crops = batch.map { start in (0..<3).reduce(input) { $0.slice(axis: 2 + $1, start: start[$1], end: start[$1] + roi[$1]) } }
        let output = try noGrad { try network(concat(crops, axis: 0)) }
        if channels == 0 {
            channels = output.shape[1]
            sum = [Float](repeating: 0, count: channels * total.count)
        }
        let values = output.scalars
        let window = roi.reduce(1, *)
        for (b, start) in batch.enumerated() {
            for d in 0..<roi[0] {
                for h in 0..<roi[1] {
                    for w in 0..<roi[2] {
                        let local = (d * roi[1] + h) * roi[2] + w
                        let global = ((start[0] + d) * padded[1] + start[1] + h) * padded[2] + start[2] + w
                        total[global] += weight[local]
                        for c in 0..<channels { sum[c * total.count + global] += weight[local] * values[(b * channels + c) * window + local] }
                    }
                }
            }
        }
    }
    for c in 0..<channels { for i in total.indices { sum[c * total.count + i] /= total[i] } }
    var result = Tensor(sum, shape: [1, channels] + padded)
    for axis in 0..<3 where padded[axis] != original[axis] {
        result = result.slice(axis: 2 + axis, start: padBefore[axis], end: padBefore[axis] + original[axis])
    }
    return result
}

/// The first voxel of each window along one axis: 0, step, 2·step, ..., with the last
/// window moved back to end on the border (MONAI's `_get_scan_interval` and `dense_patch_slices`).
func windowStarts(size: Int, roi: Int, overlap: Double) -> [Int] {
    precondition(roi <= size, "windowStarts: roi \(roi) larger than size \(size)")
    if roi == size { return [0] }
    let step = max(Int(Double(roi) * (1 - overlap)), 1)
    let count = (size - roi + step - 1) / step + 1
    var starts: [Int] = []
    for i in 0..<count {
        let s = min(i * step, size - roi)
        if starts.last != s { starts.append(s) }
    }
    return starts
}

/// `volume` [1, C, d, h, w] inside zeros of spatial size `size`, starting at `before`.
func zeroPadded(_ volume: Tensor, to size: [Int], before: [Int]) -> Tensor {
    let (channels, inner) = (volume.shape[1], Array(volume.shape[2...]))
    let values = volume.scalars
    var out = [Float](repeating: 0, count: channels * size.reduce(1, *))
    for c in 0..<channels {
        for d in 0..<inner[0] {
            for h in 0..<inner[1] {
                for w in 0..<inner[2] {
                    let target = ((c * size[0] + d + before[0]) * size[1] + h + before[1]) * size[2] + w + before[2]
                    out[target] = values[((c * inner[0] + d) * inner[1] + h) * inner[2] + w]
                }
            }
        }
    }
    return Tensor(out, shape: [1, channels] + size)
}
