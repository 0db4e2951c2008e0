// `import Datasets` brings the image codecs (PNG, JPEG) and the readers' errors with it.
@_exported import ImageFiles
