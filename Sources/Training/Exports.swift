// `import Training` brings the layers and the datasets it trains on with it.
@_exported import Datasets
@_exported import NN
