import DeepLearning

// Anchor-free detection still needs a grid: every cell of every feature map is one
// "anchor point" at the cell centre, and the head predicts the four distances from
// that point to the box sides (left, top, right, bottom) in units of the level's stride.

/// The cell centres of all levels, in grid units of their own level, and each one's stride
/// (`make_anchors` with offset 0.5). Order: level by level, rows then columns.
struct AnchorPoints: Sendable {
    /// x and y of each anchor in grid units.
    let x: [Float], y: [Float]
    /// The stride (pixels per grid unit) of each anchor's level.
    let stride: [Float]

    init(imageSize: Int, strides: [Int]) {
        var x: [Float] = [], y: [Float] = [], s: [Float] = []
        for stride in strides {
            let cells = imageSize / stride
            for row in 0..<cells {
                for column in 0..<cells {
                    x.append(Float(column) + 0.5); y.append(Float(row) + 0.5); s.append(Float(stride))
                }
            }
        }
        (self.x, self.y, self.stride) = (x, y, s)
    }

    var count: Int { x.count }

    /// [A, 2] anchor points in grid units.
    var tensor: Tensor { Tensor(zip(x, y).flatMap { [$0, $1] }, shape: [count, 2]) }
    /// [A, 1] strides.
    var strideTensor: Tensor { Tensor(stride, shape: [count, 1]) }
}

/// DFL decode: [..., 4, bins] distance-bin logits become expected distances [..., 4]
/// (softmax over the bins, then the mean bin value, Σ softmax(z)_i · i).
func expectedDistances(_ logits: Tensor, binValues: [Float]) -> Tensor {
    ExerciseTwins.called("expectedDistances", twinOf: ["P02-E03"])
    let bins = binValues.count
    precondition(logits.shape.last == bins, "expectedDistances: expected \(bins) bins in the last axis, got \(logits.shape)")
    // One [N, bins]·[bins, 1] product rather than a batch of tiny ones.
    let probabilities = logits.softmax(axis: -1).reshape([-1, bins])
    return probabilities.matmul(Tensor(binValues, shape: [bins, 1])).reshape(Array(logits.shape.dropLast()))
}

/// Distances (left, top, right, bottom) [..., 4] from anchor points [..., 2] to xyxy boxes [..., 4]
/// (`dist2bbox` with xywh=False).
func boxesFromDistances(_ distances: Tensor, anchors: Tensor) -> Tensor {
    ExerciseTwins.called("boxesFromDistances", twinOf: ["P02-E03"])
    let parts = distances.split(sizes: [2, 2], axis: -1)
    return concat([anchors - parts[0], anchors + parts[1]], axis: -1)
}
