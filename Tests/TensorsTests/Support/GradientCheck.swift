import Tensors

/// A float64 leaf that requires a gradient.
func leaf(_ values: [Double], _ shape: [Int]) -> Tensor {
    Tensor(values, shape: shape, dtype: .float64, requiresGrad: true)
}
