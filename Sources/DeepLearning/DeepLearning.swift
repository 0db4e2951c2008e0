// The umbrella module that lessons and projects import: `import DeepLearning`.
@_exported import Tensors
@_exported import NN
@_exported import Training
@_exported import Datasets
@_exported import Plots
@_exported import Vision
@_exported import Text
@_exported import Interop
