import Foundation
import Tensors

/// Anchor boxes for every cell of every feature map, as torchvision's `AnchorGenerator`
/// (Faster R-CNN, RetinaNet).
///
/// Level `l` has one anchor per (aspect ratio, size) pair, centred on the top-left corner of
/// each cell: a ratio `r = h / w` and size `s` give `w = s / √r`, `h = s · √r`, rounded to
/// whole pixels. The stride of a level is `imageSize / featureMapSize` (integer division).
///
/// ```swift
/// let generator = AnchorGenerator(sizes: [[32], [64]], aspectRatios: [[0.5, 1, 2]])
/// let anchors = generator.anchors(imageHeight: 256, imageWidth: 256,
///                                 featureMapSizes: [(32, 32), (16, 16)])   // [(32·32 + 16·16)·3, 4]
/// ```
public struct AnchorGenerator: Sendable {
    /// Anchor sizes (square roots of areas, in pixels) per feature-map level.
    public let sizes: [[Double]]
    /// Height/width ratios per level.
    public let aspectRatios: [[Double]]

    /// - Parameter aspectRatios: one list per level, or a single list used for every level.
    public init(sizes: [[Double]] = [[128, 256, 512]], aspectRatios: [[Double]] = [[0.5, 1, 2]]) {
        precondition(!sizes.isEmpty, "AnchorGenerator: needs at least one level of sizes")
        let ratios = aspectRatios.count == 1 ? Array(repeating: aspectRatios[0], count: sizes.count) : aspectRatios
        precondition(
            ratios.count == sizes.count,
            "AnchorGenerator: \(sizes.count) levels of sizes but \(aspectRatios.count) levels of aspect ratios")
        self.sizes = sizes
        self.aspectRatios = ratios
    }

    /// How many anchors sit at each location of each level.
    public var anchorsPerLocation: [Int] { zip(sizes, aspectRatios).map { $0.count * $1.count } }

    /// The anchors of `level` centred at the origin, ratio-major then size (torchvision's order).
    public func cellAnchors(level: Int) -> [Box] {
        aspectRatios[level].flatMap { ratio in
            sizes[level].map { size in
                let h = size * ratio.squareRoot(), w = size / ratio.squareRoot()
                // torch.round rounds halves to even.
                func half(_ v: Double) -> Double { (v / 2).rounded(.toNearestOrEven) }
                return Box(x1: half(-w), y1: half(-h), x2: half(w), y2: half(h))
            }
        }
    }

    /// All anchors of all levels, level by level, then row-major over cells, then cell anchors:
    /// an [Σ H·W·A, 4] xyxy tensor. `featureMapSizes` are (height, width) per level.
    public func anchors(
        imageHeight: Int, imageWidth: Int, featureMapSizes: [(height: Int, width: Int)],
        dtype: DType = .float32
    ) -> Tensor {
        precondition(
            featureMapSizes.count == sizes.count,
            "AnchorGenerator: \(featureMapSizes.count) feature maps but \(sizes.count) levels of sizes")
        var values: [Double] = []
        for (level, grid) in featureMapSizes.enumerated() {
            precondition(grid.height > 0 && grid.width > 0, "AnchorGenerator: feature map \(level) has size \(grid)")
            let strideY = Double(imageHeight / grid.height), strideX = Double(imageWidth / grid.width)
            let cell = cellAnchors(level: level)
            for row in 0..<grid.height {
                for column in 0..<grid.width {
                    let (dx, dy) = (Double(column) * strideX, Double(row) * strideY)
                    for a in cell { values += [a.x1 + dx, a.y1 + dy, a.x2 + dx, a.y2 + dy] }
                }
            }
        }
        return Tensor(values, shape: [values.count / 4, 4], dtype: dtype)
    }
}
