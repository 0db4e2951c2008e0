import DeepLearning

/// P04-E03 · The ASPP pyramid. Docs/P04.md#p04-e03
///
/// Run every branch (1×1 and the atrous 3×3 convolutions) on x [N, C, H, W]; run
/// `pooling` on x's global average (`adaptiveAvgPool2d(x, outputSize: 1)`, [N, C, 1, 1])
/// and stretch its output back to H × W with bilinear `upsample` (alignCorners false);
/// concatenate all of them along the channel axis, branches first, the pooled part last.
public func asppPyramid(_ x: Tensor, branches: [Module], pooling: Module) throws -> Tensor {
    precondition(x.rank == 4, "asppPyramid: x must be [N, C, H, W], got \(x.shape)")
    // BEGIN SOLUTION
    let size = SpatialSize([x.shape[2], x.shape[3]])
    let pooled = upsample(pooling(adaptiveAvgPool2d(x, outputSize: 1)), size: size, mode: .bilinear, alignCorners: false)
    return concat(branches.map { $0(x) } + [pooled], axis: 1)
    // END SOLUTION
}
