// `import NN` brings the tensor library with it.
@_exported import Tensors
