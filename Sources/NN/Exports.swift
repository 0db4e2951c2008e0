// `import NN` brings the tensor library and the dataset protocol with it.
@_exported import Datasets
@_exported import Tensors
