import DeepLearning
import Distributed

/// The models of the equivalence check, small enough for a test.
enum CheckModels {
    /// A two-layer perceptron; float64 parameters made directly, float32 through `Linear`.
    final class MLP: Module {
        let w1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor
        init(dtype: DType) {
            w1 = Tensor.randn([8, 16], std: 0.3, dtype: dtype, requiresGrad: true)
            b1 = Tensor.randn([16], std: 0.1, dtype: dtype, requiresGrad: true)
            w2 = Tensor.randn([16, 3], std: 0.3, dtype: dtype, requiresGrad: true)
            b2 = Tensor.randn([3], std: 0.1, dtype: dtype, requiresGrad: true)
        }
        override func forward(_ x: Tensor) -> Tensor { (x.matmul(w1) + b1).tanh().matmul(w2) + b2 }
    }

    /// Convolution, BatchNorm, pooling, a linear head.
    /// An MLP plus an output bias that only the ranks with `usesBias` use: on the others that
    /// parameter gets no gradient. Declared last, it falls in the first bucket.
    final class PartlyUsed: Module {
        final class Bias: Module {
            let value = Tensor.randn([3], dtype: .float64, requiresGrad: true)
        }
        let mlp = MLP(dtype: .float64)
        let bias = Bias()
        var usesBias = true
        override func forward(_ x: Tensor) -> Tensor { usesBias ? mlp(x) + bias.value : mlp(x) }
    }

    /// With a group, BatchNorm's statistics are synchronised over its ranks.
    static func cnn(synchronisedOver group: ProcessGroup? = nil) -> Module {
        let norm: Module = group.map { SyncBatchNorm(4, group: $0) } ?? BatchNorm2d(4)
        return Sequential([Conv2d(1, 4, kernelSize: 3, padding: 1), norm, ReLU(), MaxPool2d(2), Flatten(), Linear(4 * 4 * 4, 3)])
    }

    /// An LSTM over a sequence, classified from its last output.
    final class Recurrent: Module {
        let lstm = LSTM(5, 8, batchFirst: true)
        let head = Linear(8, 3)
        override func forward(_ x: Tensor) -> Tensor {
            let out = lstm(x).output
            return head(out.slice(axis: 1, start: out.shape[1] - 1).squeeze(axis: 1))
        }
    }
}
