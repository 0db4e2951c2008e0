import DeepLearning

/// ImageNet's per-channel mean and standard deviation: the pretrained backbone expects
/// its inputs normalised this way, and the other models get the same input.
enum ImageNetNormalization {
    static let mean: [Float] = [0.485, 0.456, 0.406], std: [Float] = [0.229, 0.224, 0.225]
}

/// Images [N, 3, H, W] (normalised) and train ids [N, H, W] for a batch, each image
/// mirrored left–right where `flips` says so (a street mirrored is still a street).
func batch(_ images: [LabelledImage], _ indices: [Int], flips: [Bool]? = nil) -> (images: Tensor, labels: Tensor) {
    let (h, w) = (images[indices[0]].height, images[indices[0]].width)
    var pixels = [Float](repeating: 0, count: indices.count * 3 * h * w)
    var labels = [Int](repeating: 0, count: indices.count * h * w)
    for (n, index) in indices.enumerated() {
        let image = images[index]
        precondition(image.height == h && image.width == w, "batch: images of different sizes")
        let flip = flips?[n] ?? false
        for y in 0..<h {
            for x in 0..<w {
                let source = y * w + (flip ? w - 1 - x : x)
                labels[(n * h + y) * w + x] = Int(image.trainIds[source])
                for c in 0..<3 {
                    pixels[((n * 3 + c) * h + y) * w + x] =
                        (Float(image.rgb[3 * source + c]) / 255 - ImageNetNormalization.mean[c]) / ImageNetNormalization.std[c]
                }
            }
        }
    }
    return (Tensor(pixels, shape: [indices.count, 3, h, w]), Tensor(ints: labels, shape: [indices.count, h, w]))
}
