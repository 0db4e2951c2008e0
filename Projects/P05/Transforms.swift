import DeepLearning
import Foundation

/// A training sample in MONAI's dictionary style: named volumes on one grid that every
/// transform moves together, so the label stays on the image.
struct Sample {
    var image: Volume
    var label: Volume
}

/// A random transform of a sample; it draws only from the generator it is given, so a
/// seed fixes the whole augmentation.
protocol RandomTransform {
    func callAsFunction(_ sample: Sample, _ generator: inout Generator) throws -> Sample
}

/// `RandCropByPosNegLabeld`: a `size` patch centred on a foreground voxel with probability
/// pos / (pos + neg), else on a background voxel (P05-E05 picks the corner).
struct RandomCropByPosNegLabel: RandomTransform {
    var size: [Int]
    var positive = 1.0, negative = 1.0

    func callAsFunction(_ sample: Sample, _ generator: inout Generator) throws -> Sample {
        let isPositive = generator.uniform() < positive / (positive + negative)
        let start = try patchStart(
            label: sample.label.data, shape: sample.label.shape, patch: size,
            positive: isPositive, draw: generator.uniform())
        return Sample(image: Self.crop(sample.image, start: start, size: size), label: Self.crop(sample.label, start: start, size: size))
    }

    /// The box [start, start + size) of `v`, its affine moved to the box's first voxel.
    static func crop(_ v: Volume, start: [Int], size: [Int]) -> Volume {
        var out = [Float](repeating: 0, count: size.reduce(1, *))
        var i = 0
        for z in 0..<size[2] {
            for y in 0..<size[1] {
                let row = v.index(start[0], start[1] + y, start[2] + z)
                for x in 0..<size[0] { out[i] = v.data[row + x]; i += 1 }
            }
        }
        var affine = v.affine
        for r in 0..<3 { affine[r][3] = (try? voxelToWorld(v.affine, start.map(Double.init))[r]) ?? affine[r][3] }
        return Volume(data: out, shape: size, affine: affine)
    }
}

/// `RandFlipd(spatial_axis)`: mirror image and label along `axis` with probability `probability`.
struct RandomFlip: RandomTransform {
    var axis: Int
    var probability = 0.5

    func callAsFunction(_ sample: Sample, _ generator: inout Generator) throws -> Sample {
        guard generator.uniform() < probability else { return sample }
        return Sample(image: Self.flip(sample.image, axis), label: Self.flip(sample.label, axis))
    }

    static func flip(_ v: Volume, _ axis: Int) -> Volume {
        var out = v.data
        let s = v.shape
        for z in 0..<s[2] {
            for y in 0..<s[1] {
                for x in 0..<s[0] {
                    var m = [x, y, z]
                    m[axis] = s[axis] - 1 - m[axis]
                    out[v.index(x, y, z)] = v.data[v.index(m[0], m[1], m[2])]
                }
            }
        }
        return Volume(data: out, shape: s, affine: v.affine)
    }
}

/// `RandScaleIntensityd` + `RandShiftIntensityd`: v·(1 + s) + o with s, o uniform in
/// ±`scale`, ±`shift`, on the image only: the scanner changes, the anatomy does not.
struct RandomIntensity: RandomTransform {
    var scale = 0.1, shift = 0.1

    func callAsFunction(_ sample: Sample, _ generator: inout Generator) throws -> Sample {
        let s = Float(1 + scale * (2 * generator.uniform() - 1)), o = Float(shift * (2 * generator.uniform() - 1))
        return Sample(image: sample.image.mapped { $0 * s + o }, label: sample.label)
    }
}

/// Zeroes every voxel outside the label with probability `probability`: the image as it
/// arrives when another tool has already removed the skull (as the MNI152 template has).
/// A network that only saw heads with skulls misses the brain's edge on such an image,
/// where the cortex meets black instead of bone and scalp.
struct RandomSkullStrip: RandomTransform {
    var probability = 0.5

    func callAsFunction(_ sample: Sample, _ generator: inout Generator) throws -> Sample {
        guard generator.uniform() < probability else { return sample }
        var image = sample.image
        for i in image.data.indices where sample.label.data[i] == 0 { image.data[i] = 0 }
        return Sample(image: image, label: sample.label)
    }
}

/// `Compose`: the transforms in order.
struct Compose: RandomTransform {
    var transforms: [RandomTransform]

    func callAsFunction(_ sample: Sample, _ generator: inout Generator) throws -> Sample {
        try transforms.reduce(sample) { try $1($0, &generator) }
    }
}
