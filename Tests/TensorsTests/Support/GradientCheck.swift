import Tensors
import Workbook

/// The course's gradient check (`gradientError`, Workbook) for a function of several inputs:
/// the largest relative error over the inputs that require a gradient. Its default step,
/// 1e-3, stays clear of the kinks the fixtures keep their inputs 0.1 away from.
func gradientCheck(_ f: ([Tensor]) -> Tensor, _ inputs: [Tensor], h: Double = 1e-3) -> Double {
    gradientError(of: f, at: inputs, h: h)
}

/// A float64 leaf that requires a gradient.
func leaf(_ values: [Double], _ shape: [Int]) -> Tensor {
    Tensor(values, shape: shape, dtype: .float64, requiresGrad: true)
}
