import Tensors
import Testing
import Workbook
@testable import Vision

@Suite struct DetectionMetricsTests {
    func load() throws -> (JSONFixture, [Detection], [GroundTruth]) {
        let f = try JSONFixture.load("detection", from: .module)
        let dets = f["detections"].array.map {
            Detection(image: $0["image"].int, label: $0["label"].int, box: Box($0["box"].doubles), score: $0["score"].double)
        }
        let gts = f["ground_truths"].array.map { GroundTruth(image: $0["image"].int, label: $0["label"].int, box: Box($0["box"].doubles)) }
        return (f, dets, gts)
    }

    @Test func cocoMatchesPycocotools() throws {
        let (f, dets, gts) = try load()
        let coco = f["coco"]
        #expect(cocoIoUThresholds == coco["iou_thresholds"].doubles)
        let result = cocoEvaluate(detections: dets, groundTruths: gts)
        #expect(abs(result.mAP - coco["ap"].double) < 1e-12)
        #expect(abs(result.ap50 - coco["ap50"].double) < 1e-12)
        #expect(abs(result.ap75 - coco["ap75"].double) < 1e-12)
        #expect(abs(result.meanRecall - coco["ar100"].double) < 1e-12)
        let perClass = coco["per_class_ap"]
        #expect(Set(result.ap[0].keys) == Set(perClass.keys.map { Int($0)! }))
        for key in perClass.keys { #expect(abs(result.classAP(Int(key)!) - perClass[key].double) < 1e-12) }
        let one = cocoEvaluate(detections: dets, groundTruths: gts, maxDetections: 1)
        #expect(abs(one.mAP - coco["ap_max_1_detection"].double) < 1e-12)
    }

    @Test func vocMatchesReferenceTranscription() throws {
        let (f, dets, gts) = try load()
        for threshold in [0.5, 0.7] {
            for (name, interpolation) in [("eleven_point", APInterpolation.elevenPoint), ("all_points", .allPoints)] {
                let expected = f["voc"]["\(name)@\(threshold)"]
                let result = vocMeanAveragePrecision(
                    detections: dets, groundTruths: gts, iouThreshold: threshold,
                    interpolation: interpolation)
                #expect(Set(result.perClass.keys) == Set(expected.keys.map { Int($0)! }))
                for key in expected.keys { #expect(abs(result.perClass[Int(key)!]! - expected[key].double) < 1e-12) }
            }
        }
    }

    @Test func interpolationOfGivenCurvesMatchesVocAP() throws {
        for c in try JSONFixture.load("detection", from: .module)["curves"].array {
            let (recall, precision) = (c["recall"].doubles, c["precision"].doubles)
            #expect(abs(averagePrecision(recall: recall, precision: precision, interpolation: .elevenPoint) - c["eleven_point"].double) < 1e-12)
            #expect(abs(averagePrecision(recall: recall, precision: precision, interpolation: .allPoints) - c["all_points"].double) < 1e-12)
        }
    }

    @Test func perfectAndEmptyDetections() {
        let gts = [
            GroundTruth(image: 0, label: 1, box: Box(x1: 0, y1: 0, x2: 10, y2: 10)),
            GroundTruth(image: 1, label: 2, box: Box(x1: 5, y1: 5, x2: 20, y2: 30)),
        ]
        let perfect = gts.map { Detection(image: $0.image, label: $0.label, box: $0.box, score: 0.9) }
        // COCO divides by tp + fp + machine epsilon, so a perfect score is 1 - 2.2e-16.
        #expect(abs(cocoEvaluate(detections: perfect, groundTruths: gts).mAP - 1) < 1e-15)
        #expect(vocMeanAveragePrecision(detections: perfect, groundTruths: gts).mean == 1)
        #expect(cocoEvaluate(detections: [], groundTruths: gts).mAP == 0)
        // A duplicate of a found object is a false positive, ranked below the hit here.
        let duplicate = perfect + [Detection(image: 0, label: 1, box: gts[0].box, score: 0.5)]
        #expect(vocMeanAveragePrecision(detections: duplicate, groundTruths: gts).mean == 1)
        let duplicateFirst = perfect + [Detection(image: 0, label: 1, box: gts[0].box, score: 0.95)]
        #expect(vocMeanAveragePrecision(detections: duplicateFirst, groundTruths: gts, interpolation: .allPoints).perClass[1]! == 1)
    }
}
