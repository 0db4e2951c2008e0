import Tensors

/// Images tiled in a grid, each optionally captioned: a batch of inputs, or the
/// first-layer weights of a network viewed as images.
///
/// ```swift
/// // The 784 weights into each of 64 hidden units of an MLP, as 28x28 tiles.
/// let weights = model.fc1.weight.detach().reshape([64, 28, 28])
/// try ImageGrid(weights, columns: 8, scale: 3).write(to: "weights.png")
/// ```
public struct ImageGrid: Chart {
    /// How tile values become grey levels.
    public enum Normalization {
        /// Each tile's own minimum is black and maximum white (for weights).
        case perTile
        /// The minimum and maximum over all tiles.
        case global
        /// Values are already in [0, 1] (clamped).
        case none
    }

    public let images: Tensor
    public var columns: Int
    public var labels: [String]
    /// Pixels per image pixel.
    public var scale: Int
    public var normalization: Normalization
    public var title: String

    /// - Parameter images: [N, H, W] (grey), [N, 1, H, W] or [N, 3, H, W] (RGB).
    public init(
        _ images: Tensor, columns: Int? = nil, labels: [String] = [], scale: Int = 2,
        normalization: Normalization = .perTile, title: String = ""
    ) {
        precondition(
            images.rank == 3 || (images.rank == 4 && [1, 3].contains(images.shape[1])),
            "ImageGrid: expected images [N, H, W], [N, 1, H, W] or [N, 3, H, W], got \(images.shape)")
        precondition(
            labels.isEmpty || labels.count == images.shape[0],
            "ImageGrid: \(labels.count) labels for \(images.shape[0]) images")
        precondition(scale > 0, "ImageGrid: scale must be positive, got \(scale)")
        self.images = images.rank == 3 ? images.unsqueeze(axis: 1) : images
        self.columns = max(1, columns ?? Int(Double(images.shape[0]).squareRoot().rounded(.up)))
        (self.labels, self.scale, self.normalization, self.title) = (labels, scale, normalization, title)
    }

    private var count: Int { images.shape[0] }
    private var tileWidth: Int { images.shape[3] * scale }
    private var tileHeight: Int { images.shape[2] * scale }
    private var cellWidth: Int { max(tileWidth, labels.map { Canvas.textWidth($0) }.max() ?? 0) + 6 }
    private var cellHeight: Int { tileHeight + 6 + (labels.isEmpty ? 0 : Canvas.textHeight() + 2) }
    private var top: Int { title.isEmpty ? 0 : 2 * Canvas.textHeight() + 10 }

    public var width: Int { max(columns * cellWidth + 6, title.isEmpty ? 0 : Canvas.textWidth(title, scale: 2) + 12) }
    public var height: Int { top + (count + columns - 1) / columns * cellHeight + 6 }

    public func draw(on canvas: inout Canvas, in frame: Rect) {
        if !title.isEmpty { canvas.drawText(title, x: frame.x + frame.width / 2, y: frame.y + 6, scale: 2, anchor: .center) }
        let (channels, h, w) = (images.shape[1], images.shape[2], images.shape[3])
        let values = images.scalars, tileSize = channels * h * w
        let finite = values.filter(\.isFinite)
        let (globalLow, globalHigh) = (finite.min() ?? 0, finite.max() ?? 1)
        for n in 0..<count {
            let tile = values[n * tileSize..<(n + 1) * tileSize]
            let (low, high): (Float, Float)
            switch normalization {
            case .perTile: (low, high) = (tile.filter(\.isFinite).min() ?? 0, tile.filter(\.isFinite).max() ?? 1)
            case .global: (low, high) = (globalLow, globalHigh)
            case .none: (low, high) = (0, 1)
            }
            let range = high > low ? high - low : 1
            let x0 = frame.x + 6 + (n % columns) * cellWidth + (cellWidth - 6 - tileWidth) / 2
            let y0 = frame.y + top + 6 + (n / columns) * cellHeight
            for y in 0..<h {
                for x in 0..<w {
                    func level(_ c: Int) -> UInt8 {
                        let v = (tile[tile.startIndex + (c * h + y) * w + x] - low) / range
                        return UInt8((v.isFinite ? min(max(v, 0), 1) : 0) * 255)
                    }
                    let color = channels == 1 ? Color(level(0), level(0), level(0)) : Color(level(0), level(1), level(2))
                    canvas.fillRect(Rect(x: x0 + x * scale, y: y0 + y * scale, width: scale, height: scale), color: color)
                }
            }
            if !labels.isEmpty {
                canvas.drawText(labels[n], x: x0 + tileWidth / 2, y: y0 + tileHeight + 2, anchor: .center)
            }
        }
    }
}
