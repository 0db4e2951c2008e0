import DeepLearning

/// M02-E06 · A residual block (ResNet's basic block). Docs/M02.md#m02-e06
///
/// output = relu(body(x) + shortcut(x)), where
/// - `body` is conv 3×3 (stride `stride`, padding 1, no bias) → BatchNorm2d → ReLU →
///   conv 3×3 (stride 1, padding 1, no bias) → BatchNorm2d, as a `Sequential`;
/// - `shortcut` is nil (the identity) when the block keeps the shape (stride 1 and
///   inChannels == outChannels), else conv 1×1 (stride `stride`, no bias) → BatchNorm2d.
///
/// Write the initialiser: set `body` and `shortcut` with the library's layers.
public final class ResidualBlock: Module {
    public let body: Sequential
    public let shortcut: Sequential?

    public init(inChannels: Int, outChannels: Int, stride: Int = 1) throws {
        // BEGIN SOLUTION
        body = Sequential {
            Conv2d(inChannels, outChannels, kernelSize: 3, stride: SpatialSize(stride), padding: 1, bias: false)
            BatchNorm2d(outChannels)
            ReLU()
            Conv2d(outChannels, outChannels, kernelSize: 3, padding: 1, bias: false)
            BatchNorm2d(outChannels)
        }
        shortcut =
            stride == 1 && inChannels == outChannels
            ? nil
            : Sequential {
                Conv2d(inChannels, outChannels, kernelSize: 1, stride: SpatialSize(stride), bias: false)
                BatchNorm2d(outChannels)
            }
        // END SOLUTION
    }

    public override func forward(_ x: Tensor) -> Tensor {
        (body(x) + (shortcut.map { $0(x) } ?? x)).relu()
    }
}
