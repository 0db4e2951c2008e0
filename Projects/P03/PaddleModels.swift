import DeepLearning
import FileIO
import Foundation

/// The PP-OCRv4 models in the `rapidocr-onnxruntime` 1.4.4 wheel (Apache-2.0), and the real
/// images the project reads (scikit-image's `page.png` and `text.png`, OpenCV's scene-text
/// photos), unpacked by `P03 prepare` into the cache.
public enum PaddleModels {
    public static let wheelSpec = "rapidocr-onnxruntime==1.4.4"
    public static let wheelName = "rapidocr_onnxruntime-1.4.4-py3-none-any.whl"
    public static let detector = "ch_PP-OCRv4_det_infer.onnx"
    public static let recognizer = "ch_PP-OCRv4_rec_infer.onnx"
    public static let licence = "PP-OCRv4 models: PaddleOCR (Apache-2.0), converted to ONNX by RapidOCR (rapidocr-onnxruntime 1.4.4, Apache-2.0)"

    public static var folder: URL { courseCacheFolder.appendingPathComponent("P03/models") }
    public static var images: URL { courseCacheFolder.appendingPathComponent("P03/images") }
}
