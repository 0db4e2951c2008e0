import Tensors

/// Resizes feature maps (`torch.nn.Upsample`): to a fixed `size`, or by `scaleFactor`,
/// with nearest-neighbour or bilinear interpolation (see `upsample`).
///
/// ```swift
/// let up = Upsample(scaleFactor: 2, mode: .bilinear)     // [N, C, H, W] -> [N, C, 2H, 2W]
/// ```
public final class Upsample: Module {
    public let size: SpatialSize?
    public let scaleFactor: Double?
    public let mode: InterpolationMode
    public let alignCorners: Bool

    public init(size: SpatialSize? = nil, scaleFactor: Double? = nil, mode: InterpolationMode = .nearest, alignCorners: Bool = false) {
        precondition((size == nil) != (scaleFactor == nil), "Upsample: give exactly one of size and scaleFactor")
        (self.size, self.scaleFactor, self.mode, self.alignCorners) = (size, scaleFactor, mode, alignCorners)
    }

    public override func forward(_ x: Tensor) -> Tensor {
        upsample(x, size: size, scaleFactor: scaleFactor, mode: mode, alignCorners: alignCorners)
    }

    public override var extraDescription: String {
        (size.map { "size: \($0)" } ?? "scaleFactor: \(scaleFactor!)") + ", mode: \(mode.rawValue)" + (alignCorners ? ", alignCorners" : "")
    }
}
