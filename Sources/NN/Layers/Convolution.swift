import Tensors

/// What every convolution layer shares (`torch.nn.modules.conv._ConvNd`): the
/// weight and optional bias, stride, padding, dilation and groups, one value per
/// spatial dimension. `Conv1d`, `Conv2d`, `Conv3d` and `ConvTranspose1d/2d/3d` fix
/// the number of spatial dimensions and the direction.
///
/// Weights start as PyTorch's do: W ~ kaiming_uniform(a = √5), which is
/// U(-1/√fanIn, 1/√fanIn), and b ~ U(-1/√fanIn, 1/√fanIn), with
/// fanIn = weight.shape[1] · ∏ kernelSize.
public class ConvolutionLayer: Module {
    /// `[out, in/groups, k...]`, or `[in, out/groups, k...]` for a transposed convolution.
    public let weight: Tensor
    /// `[out]`, or nil for `bias: false`.
    public let bias: Tensor?
    public let kernelSize: [Int], stride: [Int], padding: [Int], dilation: [Int]
    /// Transposed convolutions only: extra size added to one side of the output.
    public let outputPadding: [Int]
    public let groups: Int
    public let isTransposed: Bool

    init(
        _ inChannels: Int, _ outChannels: Int, kernelSize: SpatialSize, stride: SpatialSize, padding: SpatialSize,
        outputPadding: SpatialSize = 0, dilation: SpatialSize, groups: Int, bias: Bool, rank: Int, transposed: Bool
    ) {
        let layer = "\(transposed ? "ConvTranspose" : "Conv")\(rank)d"
        precondition(inChannels > 0 && outChannels > 0, "\(layer): channels must be positive, got \(inChannels) → \(outChannels)")
        precondition(
            groups > 0 && inChannels % groups == 0 && outChannels % groups == 0,
            "\(layer): inChannels (\(inChannels)) and outChannels (\(outChannels)) must be divisible by groups (\(groups))")
        self.kernelSize = kernelSize.perDimension(rank, layer, "kernelSize")
        self.stride = stride.perDimension(rank, layer, "stride")
        self.padding = padding.perDimension(rank, layer, "padding")
        self.outputPadding = outputPadding.perDimension(rank, layer, "outputPadding")
        self.dilation = dilation.perDimension(rank, layer, "dilation")
        precondition(self.kernelSize.allSatisfy { $0 > 0 }, "\(layer): kernelSize must be positive, got \(self.kernelSize)")
        self.groups = groups
        isTransposed = transposed
        let channels = transposed ? [inChannels, outChannels / groups] : [outChannels, inChannels / groups]
        weight = Tensor.zeros(channels + self.kernelSize, requiresGrad: true)
        Init.kaimingUniform(weight, a: 5.0.squareRoot())
        if bias {
            let bound = 1 / Double(Init.fans(weight.shape).fanIn).squareRoot()
            self.bias = Init.uniform(Tensor.zeros([outChannels], requiresGrad: true), low: -bound, high: bound)
        } else {
            self.bias = nil
        }
    }

    public var inChannels: Int { isTransposed ? weight.shape[0] : weight.shape[1] * groups }
    public var outChannels: Int { isTransposed ? weight.shape[1] * groups : weight.shape[0] }
    /// The number of spatial dimensions (2 for Conv2d).
    public var spatialRank: Int { kernelSize.count }

    public override func forward(_ x: Tensor) -> Tensor {
        let (s, p, d) = (SpatialSize(stride), SpatialSize(padding), SpatialSize(dilation))
        if isTransposed {
            let op = [convTranspose1d, convTranspose2d, convTranspose3d][spatialRank - 1]
            return op(x, weight, bias, s, p, SpatialSize(outputPadding), groups, d)
        }
        let op = [conv1d, conv2d, conv3d][spatialRank - 1]
        return op(x, weight, bias, s, p, d, groups)
    }

    public override var extraDescription: String {
        func show(_ v: [Int]) -> String { v.allSatisfy { $0 == v[0] } ? "\(v[0])" : "\(v)" }
        var parts = ["\(inChannels) → \(outChannels)", "kernelSize: \(show(kernelSize))"]
        if stride.contains(where: { $0 != 1 }) { parts.append("stride: \(show(stride))") }
        if padding.contains(where: { $0 != 0 }) { parts.append("padding: \(show(padding))") }
        if outputPadding.contains(where: { $0 != 0 }) { parts.append("outputPadding: \(show(outputPadding))") }
        if dilation.contains(where: { $0 != 1 }) { parts.append("dilation: \(show(dilation))") }
        if groups != 1 { parts.append("groups: \(groups)") }
        if bias == nil { parts.append("no bias") }
        return parts.joined(separator: ", ")
    }
}

extension SpatialSize {
    /// One value per spatial dimension (a single value repeats), checked for the layer's rank.
    func perDimension(_ rank: Int, _ layer: String, _ name: String) -> [Int] {
        precondition(values.count == 1 || values.count == rank, "\(layer): \(name) must be one integer or \(rank) integers, got \(values)")
        return values.count == 1 ? Array(repeating: values[0], count: rank) : values
    }
}

/// 1-D convolution over `[N, C, L]` (`torch.nn.Conv1d`).
public final class Conv1d: ConvolutionLayer {
    public init(
        _ inChannels: Int, _ outChannels: Int, kernelSize: SpatialSize, stride: SpatialSize = 1, padding: SpatialSize = 0,
        dilation: SpatialSize = 1, groups: Int = 1, bias: Bool = true
    ) {
        super.init(
            inChannels, outChannels, kernelSize: kernelSize, stride: stride, padding: padding, dilation: dilation,
            groups: groups, bias: bias, rank: 1, transposed: false)
    }
}

/// 2-D convolution over `[N, C, H, W]` (`torch.nn.Conv2d`).
///
/// ```swift
/// let conv = Conv2d(3, 16, kernelSize: 3, padding: 1)
/// let y = conv(Tensor.randn([8, 3, 32, 32]))      // [8, 16, 32, 32]
/// let depthwise = Conv2d(32, 32, kernelSize: 3, padding: 1, groups: 32)
/// ```
public final class Conv2d: ConvolutionLayer {
    public init(
        _ inChannels: Int, _ outChannels: Int, kernelSize: SpatialSize, stride: SpatialSize = 1, padding: SpatialSize = 0,
        dilation: SpatialSize = 1, groups: Int = 1, bias: Bool = true
    ) {
        super.init(
            inChannels, outChannels, kernelSize: kernelSize, stride: stride, padding: padding, dilation: dilation,
            groups: groups, bias: bias, rank: 2, transposed: false)
    }
}

/// 3-D convolution over `[N, C, D, H, W]` (`torch.nn.Conv3d`), for volumes and video.
public final class Conv3d: ConvolutionLayer {
    public init(
        _ inChannels: Int, _ outChannels: Int, kernelSize: SpatialSize, stride: SpatialSize = 1, padding: SpatialSize = 0,
        dilation: SpatialSize = 1, groups: Int = 1, bias: Bool = true
    ) {
        super.init(
            inChannels, outChannels, kernelSize: kernelSize, stride: stride, padding: padding, dilation: dilation,
            groups: groups, bias: bias, rank: 3, transposed: false)
    }
}

/// 1-D transposed convolution (`torch.nn.ConvTranspose1d`).
public final class ConvTranspose1d: ConvolutionLayer {
    public init(
        _ inChannels: Int, _ outChannels: Int, kernelSize: SpatialSize, stride: SpatialSize = 1, padding: SpatialSize = 0,
        outputPadding: SpatialSize = 0, groups: Int = 1, bias: Bool = true, dilation: SpatialSize = 1
    ) {
        super.init(
            inChannels, outChannels, kernelSize: kernelSize, stride: stride, padding: padding, outputPadding: outputPadding,
            dilation: dilation, groups: groups, bias: bias, rank: 1, transposed: true)
    }
}

/// 2-D transposed convolution (`torch.nn.ConvTranspose2d`), the learned upsampling of
/// U-Net decoders: output side (H-1)·stride - 2·padding + dilation·(k-1) + outputPadding + 1.
///
/// ```swift
/// let up = ConvTranspose2d(64, 32, kernelSize: 2, stride: 2)
/// let y = up(Tensor.randn([1, 64, 16, 16]))        // [1, 32, 32, 32]
/// ```
public final class ConvTranspose2d: ConvolutionLayer {
    public init(
        _ inChannels: Int, _ outChannels: Int, kernelSize: SpatialSize, stride: SpatialSize = 1, padding: SpatialSize = 0,
        outputPadding: SpatialSize = 0, groups: Int = 1, bias: Bool = true, dilation: SpatialSize = 1
    ) {
        super.init(
            inChannels, outChannels, kernelSize: kernelSize, stride: stride, padding: padding, outputPadding: outputPadding,
            dilation: dilation, groups: groups, bias: bias, rank: 2, transposed: true)
    }
}

/// 3-D transposed convolution (`torch.nn.ConvTranspose3d`), for 3-D U-Net decoders.
public final class ConvTranspose3d: ConvolutionLayer {
    public init(
        _ inChannels: Int, _ outChannels: Int, kernelSize: SpatialSize, stride: SpatialSize = 1, padding: SpatialSize = 0,
        outputPadding: SpatialSize = 0, groups: Int = 1, bias: Bool = true, dilation: SpatialSize = 1
    ) {
        super.init(
            inChannels, outChannels, kernelSize: kernelSize, stride: stride, padding: padding, outputPadding: outputPadding,
            dilation: dilation, groups: groups, bias: bias, rank: 3, transposed: true)
    }
}
