import Foundation
import Tensors

// Image transforms on CHW float tensors (values in [0, 1] for the colour ones),
// as torchvision.transforms.functional offers them. Deterministic functions take
// their parameters; random ones take a generator, so they fit a data set's
// per-example seeded transform:
//
//     let augmented = MappedDataset(train, seed: 1) { image, rng in
//         let cropped = randomCrop(image, height: 28, width: 28, padding: 2, using: &rng)
//         return normalize(randomHorizontalFlip(cropped, using: &rng), mean: [0.1307], std: [0.3081])
//     }

/// Checks that `image` is [C, H, W] and names the transform otherwise.
private func checkImage(_ image: Tensor, _ op: String) {
    precondition(image.rank == 3, "\(op): expected an image [C, H, W], got shape \(image.shape)")
}

/// Bilinear resize to `height` x `width` (`F.interpolate(mode="bilinear", align_corners=False)`,
/// without antialiasing, as torchvision's tensor resize with `antialias=False`).
public func resize(_ image: Tensor, height: Int, width: Int) -> Tensor {
    checkImage(image, "resize")
    precondition(height > 0 && width > 0, "resize: size must be positive, got \(height)x\(width)")
    return upsample(image.unsqueeze(axis: 0), size: [height, width], mode: .bilinear, alignCorners: false).squeeze(axis: 0)
}

/// The `height` x `width` region whose top-left corner is (`top`, `left`).
public func crop(_ image: Tensor, top: Int, left: Int, height: Int, width: Int) -> Tensor {
    checkImage(image, "crop")
    precondition(
        top >= 0 && left >= 0 && top + height <= image.shape[1] && left + width <= image.shape[2],
        "crop: region \(height)x\(width) at (\(top), \(left)) does not fit an image of shape \(image.shape)")
    return image.slice(axis: 1, start: top, end: top + height).slice(axis: 2, start: left, end: left + width)
}

/// The central `height` x `width` region (rounding as torchvision's `center_crop`).
public func centerCrop(_ image: Tensor, height: Int, width: Int) -> Tensor {
    checkImage(image, "centerCrop")
    let top = Int(((Double(image.shape[1] - height)) / 2).rounded()), left = Int(((Double(image.shape[2] - width)) / 2).rounded())
    return crop(image, top: top, left: left, height: height, width: width)
}

/// A random `height` x `width` region, after zero-padding every side by `padding`
/// (the usual CIFAR/MNIST augmentation, `RandomCrop(size, padding=)`).
public func randomCrop(_ image: Tensor, height: Int, width: Int, padding: Int = 0, using rng: inout Generator) -> Tensor {
    checkImage(image, "randomCrop")
    let padded = padding > 0 ? image.pad([(0, 0), (padding, padding), (padding, padding)]) : image
    let top = Int.random(in: 0...(padded.shape[1] - height), using: &rng)
    let left = Int.random(in: 0...(padded.shape[2] - width), using: &rng)
    return crop(padded, top: top, left: left, height: height, width: width)
}

/// The mirror image, left to right.
public func horizontalFlip(_ image: Tensor) -> Tensor {
    checkImage(image, "horizontalFlip")
    return image.indexSelect(axis: 2, Tensor(ints: Array((0..<image.shape[2]).reversed())))
}

/// The mirror image with probability `p`, else the image unchanged.
public func randomHorizontalFlip(_ image: Tensor, p: Double = 0.5, using rng: inout Generator) -> Tensor {
    rng.uniform() < p ? horizontalFlip(image) : image
}

/// Rotates counter-clockwise by `degrees` about the image centre, sampling
/// bilinearly; pixels that come from outside the image get `fill`.
/// (torchvision's `rotate` samples the nearest pixel by default.)
public func rotate(_ image: Tensor, degrees: Double, fill: Double = 0) -> Tensor {
    checkImage(image, "rotate")
    let (channels, height, width) = (image.shape[0], image.shape[1], image.shape[2])
    let (cy, cx) = (Double(height - 1) / 2, Double(width - 1) / 2)
    let (c, s) = (cos(degrees * .pi / 180), sin(degrees * .pi / 180))
    let source = image.doubles
    var out = [Double](repeating: fill, count: source.count)
    for y in 0..<height {
        for x in 0..<width {
            // The inverse rotation maps each output pixel back to where it came from
            // (y grows downwards, so counter-clockwise on screen flips the sign of s).
            let (dx, dy) = (Double(x) - cx, Double(y) - cy)
            let (sx, sy) = (c * dx - s * dy + cx, s * dx + c * dy + cy)
            let (x0, y0) = (Int(sx.rounded(.down)), Int(sy.rounded(.down)))
            let (fx, fy) = (sx - Double(x0), sy - Double(y0))
            for ch in 0..<channels {
                func pixel(_ px: Int, _ py: Int) -> Double {
                    px >= 0 && px < width && py >= 0 && py < height ? source[(ch * height + py) * width + px] : fill
                }
                if sx < -1 || sx > Double(width) || sy < -1 || sy > Double(height) { continue }
                let top = pixel(x0, y0) * (1 - fx) + pixel(x0 + 1, y0) * fx
                let bottom = pixel(x0, y0 + 1) * (1 - fx) + pixel(x0 + 1, y0 + 1) * fx
                out[(ch * height + y) * width + x] = top * (1 - fy) + bottom * fy
            }
        }
    }
    return Tensor(out, shape: image.shape, dtype: image.dtype)
}

/// (x - mean[c]) / std[c] for each channel c.
public func normalize(_ image: Tensor, mean: [Double], std: [Double]) -> Tensor {
    checkImage(image, "normalize")
    let c = image.shape[0]
    precondition(mean.count == c && std.count == c, "normalize: \(mean.count) means and \(std.count) stds for \(c) channels")
    precondition(std.allSatisfy { $0 != 0 }, "normalize: std must be non-zero, got \(std)")
    return (image - Tensor(mean, shape: [c, 1, 1], dtype: image.dtype)) / Tensor(std, shape: [c, 1, 1], dtype: image.dtype)
}

/// Grey levels of an RGB image (ITU-R 601 weights, as torchvision), shape [1, H, W].
public func grayscale(_ image: Tensor) -> Tensor {
    checkImage(image, "grayscale")
    precondition(image.shape[0] == 3, "grayscale: expected 3 channels, got shape \(image.shape)")
    let weights = Tensor([0.2989, 0.587, 0.114], shape: [3, 1, 1], dtype: image.dtype)
    return (image * weights).sum(axis: 0, keepDims: true)
}

/// Blends `image` with `other`: other + factor·(image − other), kept in [0, 1].
private func blend(_ image: Tensor, _ other: Tensor, _ factor: Double) -> Tensor {
    (other + factor * (image - other)).clamp(min: 0, max: 1)
}

/// Brightness: 0 gives black, 1 the image, 2 twice as bright.
public func adjustBrightness(_ image: Tensor, _ factor: Double) -> Tensor {
    blend(image, Tensor.zeros(like: image), factor)
}

/// Contrast: 0 gives a flat image of the mean grey level, 1 the image.
public func adjustContrast(_ image: Tensor, _ factor: Double) -> Tensor {
    let grey = image.shape[0] == 3 ? grayscale(image) : image
    return blend(image, grey.mean().expand(image.shape).to(image.dtype), factor)
}

/// Saturation: 0 gives the grey image, 1 the image (RGB only).
public func adjustSaturation(_ image: Tensor, _ factor: Double) -> Tensor {
    blend(image, grayscale(image).expand(image.shape), factor)
}

/// Random brightness, contrast and saturation (`ColorJitter`): each factor is drawn
/// from [1 − amount, 1 + amount] and applied in that fixed order (torchvision
/// shuffles the order); saturation applies to RGB images only.
public func colorJitter(
    _ image: Tensor, brightness: Double = 0, contrast: Double = 0, saturation: Double = 0,
    using rng: inout Generator
) -> Tensor {
    func factor(_ amount: Double) -> Double { Swift.max(0, 1 - amount + 2 * amount * rng.uniform()) }
    var out = image
    if brightness > 0 { out = adjustBrightness(out, factor(brightness)) }
    if contrast > 0 { out = adjustContrast(out, factor(contrast)) }
    if saturation > 0 && image.shape[0] == 3 { out = adjustSaturation(out, factor(saturation)) }
    return out
}
