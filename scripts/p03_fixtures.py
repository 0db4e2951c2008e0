"""Reference fixtures for P03 (receipt OCR) and the library's CTC loss.

Run with the reference environment (numpy, torch, onnxruntime, rapidocr-onnxruntime 1.4.4,
opencv, pyclipper) after `swift run P03 prepare`:

    /tmp/refenv/bin/python scripts/p03_fixtures.py

Writes
  Tests/NNTests/Fixtures/ctc_loss.json        torch.nn.functional.ctc_loss values and gradients
  Tests/P03Tests/Fixtures/ctc_loss.json       the same cases, for the exercise's hidden test
  Tests/P03Tests/Fixtures/geometry.json       cv2.minAreaRect + get_mini_boxes, pyclipper unclip,
                                              sorted_boxes, on seeded random inputs
  Tests/P03Tests/Fixtures/db_map.png          PP-OCRv4's text-probability map of page.png (8-bit)
  Tests/P03Tests/Fixtures/db_boxes.json       rapidocr's DB post-processing of that map
  Tests/P03Tests/Fixtures/rapidocr.json       rapidocr's full output (boxes, text, score) per image

rapidocr runs with PaddleOCR's DB settings (binarize 0.3, box score 0.6, unclip 1.5, no dilation)
and without the angle classifier, the image scaled two ways before detection: "min" (rapidocr's
default: the shorter side to 736 px) and "max" (sides only rounded to multiples of 32).
"""
import json
import os
import sys

import cv2
import numpy as np
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CACHE = os.environ.get("DEEP_LEARNING_CACHE", os.path.expanduser("~/.cache/deep-learning-course"))
P03 = os.path.join(ROOT, "Tests/P03Tests/Fixtures")
NN = os.path.join(ROOT, "Tests/NNTests/Fixtures")


def write_json(path, value):
    with open(path + ".part", "w") as f:
        json.dump(value, f, ensure_ascii=False, separators=(",", ":"))
    os.replace(path + ".part", path)
    print("wrote", os.path.relpath(path, ROOT))


def ctc_cases():
    torch.manual_seed(0)
    cases = []
    specs = [  # frames, batch, classes, target lengths, input lengths, zero_infinity
        (12, 3, 6, [3, 1, 4], [12, 9, 12], False),
        (8, 2, 5, [2, 2], [8, 5], False),          # repeated labels need the blank between them
        (6, 2, 4, [0, 3], [6, 6], False),          # an empty target
        (5, 3, 5, [4, 2, 5], [3, 5, 5], True),     # sample 0 cannot fit its target: zeroed
    ]
    for frames, batch, classes, target_lengths, input_lengths, zero_infinity in specs:
        logits = torch.randn(frames, batch, classes, dtype=torch.float64, requires_grad=True)
        targets = [torch.randint(1, classes, (n,)).tolist() for n in target_lengths]
        if frames == 8:
            targets = [[2, 2], [3, 3]]
        log_probs = logits.log_softmax(2)
        flat = torch.tensor([c for t in targets for c in t], dtype=torch.long)
        results = {}
        for reduction in ["mean", "sum", "none"]:
            loss = torch.nn.functional.ctc_loss(log_probs, flat, torch.tensor(input_lengths), torch.tensor(target_lengths),
                                                blank=0, reduction=reduction, zero_infinity=zero_infinity)
            results[reduction] = loss.tolist()
        loss = torch.nn.functional.ctc_loss(log_probs, flat, torch.tensor(input_lengths), torch.tensor(target_lengths),
                                            blank=0, reduction="mean", zero_infinity=zero_infinity)
        (grad,) = torch.autograd.grad(loss, logits)
        cases.append({"frames": frames, "batch": batch, "classes": classes, "targets": targets,
                      "input_lengths": input_lengths, "zero_infinity": zero_infinity,
                      "logits": logits.detach().flatten().tolist(), "losses": results,
                      "mean_grad_logits": grad.flatten().tolist()})
    return cases


def get_mini_boxes(contour):
    from rapidocr_onnxruntime.ch_ppocr_det.utils import DBPostProcess
    box, side = DBPostProcess.get_mini_boxes(None, contour)
    return np.array(box, dtype=np.float64).tolist(), float(side)


def geometry():
    from rapidocr_onnxruntime.ch_ppocr_det.utils import DBPostProcess
    from rapidocr_onnxruntime.main import RapidOCR
    rng = np.random.default_rng(3)
    rects = []
    for i in range(20):
        n = int(rng.integers(3, 40))
        centre = rng.uniform(20, 200, 2)
        angle = rng.uniform(-0.6, 0.6)
        size = rng.uniform([10, 3], [120, 30])
        local = rng.uniform(-0.5, 0.5, (n, 2)) * size
        rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
        pts = np.round(local @ rot.T + centre).astype(np.int32)   # pixel centres, as contours hold
        box, side = get_mini_boxes(pts.reshape(-1, 1, 2))
        rects.append({"points": pts.tolist(), "box": box, "short_side": side})
    post = DBPostProcess(thresh=0.3, box_thresh=0.6, unclip_ratio=1.5)
    unclips = []
    for r in rects:
        box = np.array(r["box"], dtype=np.float32)
        if r["short_side"] < 3:
            continue
        expanded = post.unclip(box)
        grown, side = get_mini_boxes(expanded)
        unclips.append({"box": r["box"], "expanded": expanded.reshape(-1, 2).tolist(), "grown": grown, "short_side": side})
    orders = []
    for i in range(10):
        n = int(rng.integers(2, 12))
        boxes = []
        for _ in range(n):
            x, y = rng.uniform(0, 300), rng.choice([rng.uniform(0, 200), float(rng.integers(0, 5)) * 30 + rng.uniform(0, 12)])
            boxes.append([[x, y], [x + 40, y], [x + 40, y + 15], [x, y + 15]])
        arr = np.array(boxes, dtype=np.float32)
        ordered = RapidOCR.sorted_boxes(arr)
        index = []
        for b in ordered:
            index.append(next(k for k in range(n) if k not in index and np.array_equal(arr[k], b)))
        orders.append({"boxes": arr.tolist(), "order": index})
    return {"rectangles": rects, "unclip": unclips, "reading_order": orders}


def engine(limit_type):
    """rapidocr with PaddleOCR's DB settings. limit_type "min": the image is scaled so that its
    shorter side is 736 px (rapidocr's default); "max": only rounded to multiples of 32."""
    from rapidocr_onnxruntime import RapidOCR
    ocr = RapidOCR()
    det = ocr.text_det
    det.limit_type = limit_type
    det.limit_side_len = 736
    det.postprocess_op.box_thresh = 0.6
    det.postprocess_op.unclip_ratio = 1.5
    det.postprocess_op.dilation_kernel = None
    return ocr


def image_bgr(path):
    from rapidocr_onnxruntime.utils import LoadImage
    return LoadImage()(path)


def db_fixture(ocr, page):
    """The detector's map for page.png, stored as 8-bit, and the post-processing of exactly that map."""
    det = ocr.text_det
    img = image_bgr(page)
    pre = det.get_preprocess(max(img.shape[:2]))(img)
    prob = det.infer(pre)[0]
    quantized = np.round(prob[0, 0] * 255).astype(np.uint8)
    cv2.imwrite(os.path.join(P03, "db_map.png"), quantized)
    pred = (quantized.astype(np.float32) / 255)[None, None]
    boxes, scores = det.postprocess_op(pred, img.shape[:2])
    boxes = det.filter_tag_det_res(boxes, img.shape[:2])
    ordered = ocr.sorted_boxes(boxes)
    write_json(os.path.join(P03, "db_boxes.json"), {
        "image_height": img.shape[0], "image_width": img.shape[1],
        "map_height": int(quantized.shape[0]), "map_width": int(quantized.shape[1]),
        "raw_boxes": [b.tolist() for b in boxes], "sorted_boxes": [np.array(b).tolist() for b in ordered]})


def main():
    os.makedirs(P03, exist_ok=True)
    cases = ctc_cases()
    write_json(os.path.join(NN, "ctc_loss.json"), {"cases": cases})
    write_json(os.path.join(P03, "ctc_loss.json"), {"cases": cases})
    write_json(os.path.join(P03, "geometry.json"), geometry())
    photos = os.path.join(CACHE, "P03/images")
    if not os.path.isdir(photos):
        sys.exit(f"{photos} is missing: run `swift run P03 prepare` first")
    db_fixture(engine("max"), os.path.join(photos, "page.png"))
    settings = {}
    for limit_type in ["min", "max"]:
        ocr = engine(limit_type)
        results = {}
        for name in sorted(os.listdir(photos)):
            result, _ = ocr(os.path.join(photos, name), use_cls=False)
            results[name] = [{"box": np.array(box).tolist(), "text": text, "score": float(score)} for box, text, score in (result or [])]
            print(limit_type, name, [r["text"] for r in results[name]])
        settings[limit_type] = results
    characters = ocr.text_rec.postprocess_op.character
    write_json(os.path.join(P03, "rapidocr.json"), {"characters": len(characters), "limit_side_len": 736, "settings": settings})


if __name__ == "__main__":
    main()
