import Tensors

// Pooling as layers, for `Sequential { ...; MaxPool2d(2); ... }`. Each wraps the
// tensor op of the same name (see Tensors/Ops/Pooling.swift); the 1-D, 2-D and
// 3-D variants differ only in the op they call.

/// Max pooling (`torch.nn.MaxPool1d/2d/3d`): the largest value of each window;
/// `stride` defaults to the kernel size.
public class MaxPool: Module {
    public let kernelSize: SpatialSize, stride: SpatialSize?, padding: SpatialSize, dilation: SpatialSize
    public let ceilMode: Bool
    let pool: (Tensor, SpatialSize, SpatialSize?, SpatialSize, SpatialSize, Bool) -> Tensor

    init(
        _ kernelSize: SpatialSize, stride: SpatialSize?, padding: SpatialSize, dilation: SpatialSize, ceilMode: Bool,
        pool: @escaping (Tensor, SpatialSize, SpatialSize?, SpatialSize, SpatialSize, Bool) -> Tensor
    ) {
        (self.kernelSize, self.stride, self.padding, self.dilation, self.ceilMode) = (kernelSize, stride, padding, dilation, ceilMode)
        self.pool = pool
    }

    public override func forward(_ x: Tensor) -> Tensor { pool(x, kernelSize, stride, padding, dilation, ceilMode) }

    public override var extraDescription: String {
        "kernelSize: \(kernelSize)" + (stride.map { ", stride: \($0)" } ?? "") + (padding == 0 ? "" : ", padding: \(padding)")
            + (dilation == 1 ? "" : ", dilation: \(dilation)") + (ceilMode ? ", ceilMode" : "")
    }
}

public final class MaxPool1d: MaxPool {
    public init(_ kernelSize: SpatialSize, stride: SpatialSize? = nil, padding: SpatialSize = 0, dilation: SpatialSize = 1, ceilMode: Bool = false) {
        super.init(kernelSize, stride: stride, padding: padding, dilation: dilation, ceilMode: ceilMode, pool: maxPool1d)
    }
}

/// ```swift
/// let pool = MaxPool2d(2)                           // [N, C, 32, 32] -> [N, C, 16, 16]
/// let resnetStem = MaxPool2d(3, stride: 2, padding: 1)
/// ```
public final class MaxPool2d: MaxPool {
    public init(_ kernelSize: SpatialSize, stride: SpatialSize? = nil, padding: SpatialSize = 0, dilation: SpatialSize = 1, ceilMode: Bool = false) {
        super.init(kernelSize, stride: stride, padding: padding, dilation: dilation, ceilMode: ceilMode, pool: maxPool2d)
    }
}

public final class MaxPool3d: MaxPool {
    public init(_ kernelSize: SpatialSize, stride: SpatialSize? = nil, padding: SpatialSize = 0, dilation: SpatialSize = 1, ceilMode: Bool = false) {
        super.init(kernelSize, stride: stride, padding: padding, dilation: dilation, ceilMode: ceilMode, pool: maxPool3d)
    }
}

/// Average pooling (`torch.nn.AvgPool1d/2d/3d`). With `countIncludePad` (the default)
/// zero padding counts in each window's divisor.
public class AvgPool: Module {
    public let kernelSize: SpatialSize, stride: SpatialSize?, padding: SpatialSize
    public let ceilMode: Bool, countIncludePad: Bool
    let pool: (Tensor, SpatialSize, SpatialSize?, SpatialSize, Bool, Bool) -> Tensor

    init(
        _ kernelSize: SpatialSize, stride: SpatialSize?, padding: SpatialSize, ceilMode: Bool, countIncludePad: Bool,
        pool: @escaping (Tensor, SpatialSize, SpatialSize?, SpatialSize, Bool, Bool) -> Tensor
    ) {
        (self.kernelSize, self.stride, self.padding) = (kernelSize, stride, padding)
        (self.ceilMode, self.countIncludePad) = (ceilMode, countIncludePad)
        self.pool = pool
    }

    public override func forward(_ x: Tensor) -> Tensor { pool(x, kernelSize, stride, padding, ceilMode, countIncludePad) }

    public override var extraDescription: String {
        "kernelSize: \(kernelSize)" + (stride.map { ", stride: \($0)" } ?? "") + (padding == 0 ? "" : ", padding: \(padding)")
            + (ceilMode ? ", ceilMode" : "") + (countIncludePad ? "" : ", countIncludePad: false")
    }
}

public final class AvgPool1d: AvgPool {
    public init(_ kernelSize: SpatialSize, stride: SpatialSize? = nil, padding: SpatialSize = 0, ceilMode: Bool = false, countIncludePad: Bool = true) {
        super.init(kernelSize, stride: stride, padding: padding, ceilMode: ceilMode, countIncludePad: countIncludePad) {
            avgPool1d($0, kernelSize: $1, stride: $2, padding: $3, ceilMode: $4, countIncludePad: $5)
        }
    }
}

public final class AvgPool2d: AvgPool {
    public init(_ kernelSize: SpatialSize, stride: SpatialSize? = nil, padding: SpatialSize = 0, ceilMode: Bool = false, countIncludePad: Bool = true) {
        super.init(kernelSize, stride: stride, padding: padding, ceilMode: ceilMode, countIncludePad: countIncludePad) {
            avgPool2d($0, kernelSize: $1, stride: $2, padding: $3, ceilMode: $4, countIncludePad: $5)
        }
    }
}

public final class AvgPool3d: AvgPool {
    public init(_ kernelSize: SpatialSize, stride: SpatialSize? = nil, padding: SpatialSize = 0, ceilMode: Bool = false, countIncludePad: Bool = true) {
        super.init(kernelSize, stride: stride, padding: padding, ceilMode: ceilMode, countIncludePad: countIncludePad) {
            avgPool3d($0, kernelSize: $1, stride: $2, padding: $3, ceilMode: $4, countIncludePad: $5)
        }
    }
}

/// Average pooling to a fixed output size, whatever the input size
/// (`torch.nn.AdaptiveAvgPool1d/2d/3d`); VGG and AlexNet use it before their classifier.
public class AdaptiveAvgPool: Module {
    public let outputSize: SpatialSize
    let pool: (Tensor, SpatialSize) -> Tensor

    init(_ outputSize: SpatialSize, pool: @escaping (Tensor, SpatialSize) -> Tensor) {
        self.outputSize = outputSize
        self.pool = pool
    }

    public override func forward(_ x: Tensor) -> Tensor { pool(x, outputSize) }
    public override var extraDescription: String { "outputSize: \(outputSize)" }
}

public final class AdaptiveAvgPool1d: AdaptiveAvgPool {
    public init(_ outputSize: SpatialSize) { super.init(outputSize, pool: adaptiveAvgPool1d) }
}

/// ```swift
/// let pool = AdaptiveAvgPool2d(1)                   // [N, C, H, W] -> [N, C, 1, 1]
/// ```
public final class AdaptiveAvgPool2d: AdaptiveAvgPool {
    public init(_ outputSize: SpatialSize) { super.init(outputSize, pool: adaptiveAvgPool2d) }
}

public final class AdaptiveAvgPool3d: AdaptiveAvgPool {
    public init(_ outputSize: SpatialSize) { super.init(outputSize, pool: adaptiveAvgPool3d) }
}

/// The mean over all spatial dimensions: [N, C, spatial...] -> [N, C], or
/// [N, C, 1, ...] with `keepDims`. `AdaptiveAvgPool2d(1)` followed by `Flatten()` in one layer.
public final class GlobalAvgPool: Module {
    public let keepDims: Bool
    public init(keepDims: Bool = false) { self.keepDims = keepDims }
    public override func forward(_ x: Tensor) -> Tensor { globalAvgPool(x, keepDims: keepDims) }
    public override var extraDescription: String { keepDims ? "keepDims" : "" }
}
