import DeepLearning
import Foundation

// Evaluation as ultralytics' validator and pycocotools do it: confidence 0.001, every
// class above it per anchor (multi-label), class-aware NMS at 0.7, at most 300 boxes per
// image, then COCO matching at IoU 0.50:0.05:0.95 with 101-point interpolated AP (the
// library's `cocoEvaluate`, checked against pycocotools). Boxes are mapped back from the
// letterboxed input to the original image before matching.

/// Runs the model on images (letterboxed to `size`) and returns detections in original pixels.
func detect(_ model: YOLO11, images: [Tensor], size: Int, options: PostprocessOptions) -> [[DetectedBox]] {
    let anchors = AnchorPoints(imageSize: size, strides: model.strides)
    let boxes = images.map { Letterbox(width: $0.shape[2], height: $0.shape[1], size: size) }
    let input = stack(zip(images, boxes).map { $1.apply($0) }, axis: 0)
    let raw = noGrad { model(input) }
    return zip(postprocess(raw, anchors: anchors, bins: model.bins, options: options), boxes).map { detections, letterbox in
        detections.map { DetectedBox(box: letterbox.backward($0.box), score: $0.score, label: $0.label) }
    }
}

/// Detections for every image of a split, in batches, in the library's `Detection` form.
func detectAll(
    _ model: YOLO11, items: [LabelledImage], size: Int, batch: Int = 16,
    options: PostprocessOptions = .evaluate
) throws -> [Detection] {
    model.eval()
    var detections: [Detection] = []
    let bar = ProgressBar(total: items.count, label: "detect")
    for start in stride(from: 0, to: items.count, by: batch) {
        let chunk = Array(items[start..<Swift.min(items.count, start + batch)])
        let results = detect(model, images: try chunk.map { try loadImage($0.path) }, size: size, options: options)
        for (offset, boxes) in results.enumerated() {
            detections += boxes.map { Detection(image: start + offset, label: $0.label, box: $0.box, score: $0.score) }
        }
        bar.update(start + chunk.count)
    }
    bar.finish()
    return detections
}

/// The ground truth of labelled images for the COCO evaluator (image = position).
func groundTruths(_ items: [LabelledImage]) -> [GroundTruth] {
    items.enumerated().flatMap { i, item in
        zip(item.truth.labels, item.truth.boxes).map { GroundTruth(image: i, label: $0, box: $1) }
    }
}
