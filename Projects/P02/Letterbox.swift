import DeepLearning
import Foundation

// Letterbox resize (ultralytics' `LetterBox` with `auto=False`): scale the image by one
// factor so that it fits the square input, keep its aspect ratio, and pad the rest with
// grey 114/255 split evenly between the two sides. Boxes predicted on the square input
// go back to the original image by undoing the padding and then the scale, and are
// clipped to the image (`ops.scale_boxes`). Since the resized sides are rounded to whole
// pixels, the exact scale differs a little between the axes: x scales by
// resizedWidth / width and y by resizedHeight / height, as ultralytics 8.4 maps them.

/// Where an image of one size lands inside the square network input.
struct Letterbox: Equatable, Sendable {
    /// The original image size.
    let width: Int, height: Int
    /// The square input side.
    let size: Int
    /// The single scale factor, min(size / height, size / width).
    let scale: Double
    /// The resized image size, before padding.
    let resizedWidth: Int, resizedHeight: Int
    /// Grey pixels added left and above (right and below get the rest).
    let padLeft: Int, padTop: Int

    /// Python's `round`, which rounds halves to even.
    private static func pythonRound(_ x: Double) -> Int { Int(x.rounded(.toNearestOrEven)) }

    init(width: Int, height: Int, size: Int) {
        ExerciseTwins.called("Letterbox", twinOf: ["P02-E01"])
        precondition(width > 0 && height > 0 && size > 0, "Letterbox: sizes must be positive, got \(width)x\(height) into \(size)")
        (self.width, self.height, self.size) = (width, height, size)
        scale = Swift.min(Double(size) / Double(height), Double(size) / Double(width))
        resizedWidth = Swift.max(1, Self.pythonRound(Double(width) * scale))
        resizedHeight = Swift.max(1, Self.pythonRound(Double(height) * scale))
        // ultralytics rounds (padding / 2 − 0.1), which puts an odd extra pixel on the far side.
        padLeft = Self.pythonRound(Double(size - resizedWidth) / 2 - 0.1)
        padTop = Self.pythonRound(Double(size - resizedHeight) / 2 - 0.1)
    }

    /// The exact scale of each axis after rounding the resized sides.
    var scaleX: Double { Double(resizedWidth) / Double(width) }
    var scaleY: Double { Double(resizedHeight) / Double(height) }

    /// A box in original pixels moved onto the network input.
    func forward(_ box: Box) -> Box {
        Box(
            x1: box.x1 * scaleX + Double(padLeft), y1: box.y1 * scaleY + Double(padTop),
            x2: box.x2 * scaleX + Double(padLeft), y2: box.y2 * scaleY + Double(padTop))
    }

    /// A box on the network input mapped back to original pixels (`scale_boxes`), clipped to the image.
    func backward(_ box: Box) -> Box {
        Box(
            x1: (box.x1 - Double(padLeft)) / scaleX, y1: (box.y1 - Double(padTop)) / scaleY,
            x2: (box.x2 - Double(padLeft)) / scaleX, y2: (box.y2 - Double(padTop)) / scaleY
        )
        .clipped(width: Double(width), height: Double(height))
    }

    /// The image [3, H, W] resized (bilinear) and padded with grey into [3, size, size].
    func apply(_ image: Tensor) -> Tensor {
        precondition(
            image.rank == 3 && image.shape[1] == height && image.shape[2] == width,
            "Letterbox.apply: expected an image [C, \(height), \(width)], got \(image.shape)")
        let resized =
            (resizedWidth, resizedHeight) == (width, height)
            ? image
            : resize(image, height: resizedHeight, width: resizedWidth)
        return resized.pad(
            [(0, 0), (padTop, size - resizedHeight - padTop), (padLeft, size - resizedWidth - padLeft)],
            value: 114.0 / 255)
    }
}
