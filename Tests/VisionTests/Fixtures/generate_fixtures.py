"""Reference values for Tests/VisionTests, written as JSON next to this script.

Regenerate from the repository root with:

    pip install --no-deps --target /tmp/pyvision torchvision pycocotools pillow
    PYTHONPATH=/tmp/pyvision python3 Tests/VisionTests/Fixtures/generate_fixtures.py

(torch, numpy and scipy must be installed; the fixtures were made with torch 2.x,
torchvision 0.29, pycocotools 2.0.11, scipy 1.17). References:
  boxes.json        torchvision.ops box_convert, clip_boxes_to_image, box_area, remove_small_boxes
  iou.json          torchvision.ops box_iou, generalized/distance/complete_box_iou and the three
                    IoU losses, with their gradients from torch autograd
  nms.json          torchvision.ops.nms and batched_nms (ties, degenerate boxes, thresholds, top-k)
  anchors.json      torchvision AnchorGenerator and Faster R-CNN BoxCoder(weights=(10, 10, 5, 5))
  hungarian.json    scipy.optimize.linear_sum_assignment
  detection.json    pycocotools COCOeval (bbox); PASCAL VOC AP from a numpy transcription of
                    voc_eval.py / voc_ap (no package ships it), without the "+1" pixel convention
  segmentation.json numpy confusion matrix, pixel accuracy, IoU, Dice; soft Dice loss and its
                    gradient from torch autograd
"""
import json
import os

import numpy as np
import torch
from scipy.optimize import linear_sum_assignment
from torchvision import ops
from torchvision.models.detection._utils import BoxCoder
from torchvision.models.detection.anchor_utils import AnchorGenerator
from torchvision.models.detection.image_list import ImageList

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(0)
torch.manual_seed(0)


def save(name, data):
    def clean(x):
        if isinstance(x, torch.Tensor):
            x = x.detach().numpy()
        if isinstance(x, np.ndarray):
            x = x.tolist()
        if isinstance(x, dict):
            return {k: clean(v) for k, v in x.items()}
        if isinstance(x, (list, tuple)):
            return [clean(v) for v in x]
        if isinstance(x, (float, np.floating)):
            x = float(x)
            return None if not np.isfinite(x) else x  # JSON has no inf/nan: null, documented per field
        if isinstance(x, np.integer):
            return int(x)
        return x

    with open(os.path.join(HERE, name), "w") as f:
        json.dump(clean(data), f, separators=(",", ":"))
        f.write("\n")


def random_boxes(n, size=50.0, min_wh=1.0, max_wh=30.0):
    xy = rng.uniform(0, size, (n, 2))
    wh = rng.uniform(min_wh, max_wh, (n, 2))
    return np.concatenate([xy, xy + wh], axis=1)


# ---------------------------------------------------------------- boxes
def boxes_fixture():
    b = random_boxes(6, size=45)
    b[0] = [-5, -3, 20, 60]  # sticks out on every side
    t = torch.tensor(b, dtype=torch.float64)
    out = {"xyxy": b}
    for fmt in ("xywh", "cxcywh"):
        out[fmt] = ops.box_convert(t, "xyxy", fmt)
    out["clipped_h50_w40"] = ops.clip_boxes_to_image(t, (50, 40))
    out["area"] = ops.box_area(t)
    small = t.clone()
    small[1, 2] = small[1, 0] + 0.5
    out["small_boxes"] = small
    out["kept_min_size_1"] = ops.remove_small_boxes(small, 1.0)
    save("boxes.json", out)


# ---------------------------------------------------------------- IoU
def iou_fixture():
    a = random_boxes(5)
    b = random_boxes(4)
    b[0] = a[0]                       # identical
    b[1] = [a[1, 0] + 2, a[1, 1] + 2, a[1, 2] - 1, a[1, 3] - 1]  # inside
    b[2] = [a[2, 2], a[2, 1], a[2, 2] + 5, a[2, 3]]              # touching edge
    b[3] = [200, 200, 210, 230]       # far away
    ta, tb = torch.tensor(a), torch.tensor(b)
    out = {"a": a, "b": b,
           "iou": ops.box_iou(ta, tb),
           "giou": ops.generalized_box_iou(ta, tb),
           "diou": ops.distance_box_iou(ta, tb),
           "ciou": ops.complete_box_iou(ta, tb)}

    # Elementwise losses, with a shared coordinate (tie in min/max) and a disjoint pair.
    pred = random_boxes(6)
    target = pred + rng.uniform(-6, 6, pred.shape)
    target[:, 2:] = np.maximum(target[:, 2:], target[:, :2] + 1)
    target[1, 0] = pred[1, 0]
    target[2] = pred[2] + 100
    out["pred"], out["target"] = pred, target
    for name, fn in (("giou_loss", ops.generalized_box_iou_loss),
                     ("diou_loss", ops.distance_box_iou_loss),
                     ("ciou_loss", ops.complete_box_iou_loss)):
        p = torch.tensor(pred, requires_grad=True)
        t = torch.tensor(target, requires_grad=True)
        loss = fn(p, t)
        (loss * torch.arange(1.0, 7.0, dtype=torch.float64)).sum().backward()  # weighted: checks each row
        out[name] = loss
        out[name + "_grad_pred"] = p.grad
        out[name + "_grad_target"] = t.grad
    save("iou.json", out)


# ---------------------------------------------------------------- NMS
def nms_fixture():
    centres = rng.uniform(10, 90, (6, 2))
    pieces = []
    for c in centres:  # clusters of overlapping boxes
        k = 6
        xy = c + rng.normal(0, 3, (k, 2))
        wh = rng.uniform(8, 20, (k, 2))
        pieces.append(np.concatenate([xy - wh / 2, xy + wh / 2], axis=1))
    boxes = np.concatenate(pieces)
    boxes = np.concatenate([boxes, [[5, 5, 5, 15], [5, 5, 5, 15], [30, 30, 30, 30]]])  # degenerate
    boxes[7] = boxes[3]                                     # duplicate box ...
    n = len(boxes)
    scores = np.round(rng.uniform(0, 1, n), 1)              # ... and many score ties
    scores[7] = scores[3]
    classes = rng.integers(0, 3, n)
    tb, ts, tc = torch.tensor(boxes), torch.tensor(scores), torch.tensor(classes)
    cases = []
    for thr in (0.3, 0.5, 0.7):
        cases.append({"iou_threshold": thr,
                      "nms": ops.nms(tb, ts, thr),
                      "batched_nms": ops.batched_nms(tb, ts, tc, thr)})
    # Score threshold and top-k as detection heads use them: filter, suppress, truncate.
    score_thr, top_k, thr = 0.25, 8, 0.5
    candidates = torch.where(ts > score_thr)[0]
    kept = candidates[ops.batched_nms(tb[candidates], ts[candidates], tc[candidates], thr)][:top_k]
    save("nms.json", {"boxes": boxes, "scores": scores, "classes": classes, "cases": cases,
                      "filtered": {"score_threshold": score_thr, "top_k": top_k, "iou_threshold": thr,
                                   "batched_nms": kept}})


# ---------------------------------------------------------------- anchors and box coder
def anchors_fixture():
    out = {"generators": []}
    for sizes, ratios, image, grids in (
            (((32,), (64,)), ((0.5, 1.0, 2.0),) * 2, (64, 80), [(8, 10), (4, 5)]),
            (((33, 45, 50),), ((0.25, 1.0, 3.0),), (37, 50), [(5, 6)])):
        gen = AnchorGenerator(sizes, ratios)
        images = ImageList(torch.zeros(1, 3, *image), [image])
        maps = [torch.zeros(1, 1, *g) for g in grids]
        anchors = gen(images, maps)[0]
        out["generators"].append({"sizes": sizes, "aspect_ratios": ratios, "image": image,
                                  "grids": grids, "anchors": anchors})

    coder = BoxCoder(weights=(10.0, 10.0, 5.0, 5.0))
    proposals = torch.tensor(random_boxes(5))
    gt = torch.tensor(random_boxes(5))
    codes = torch.tensor(rng.normal(0, 2, (5, 4)))
    codes[0, 2] = 40.0  # dw / 5 = 8 > log(1000/16): clamped
    codes[1, 3] = 30.0
    out["coder"] = {"proposals": proposals, "gt": gt, "codes": codes,
                    "encoded": coder.encode_single(gt, proposals),
                    "decoded": coder.decode_single(codes, proposals)}
    save("anchors.json", out)


# ---------------------------------------------------------------- Hungarian
def hungarian_fixture():
    cases = []

    def add(cost, maximize=False):
        rows, cols = linear_sum_assignment(cost, maximize=maximize)
        cases.append({"cost": cost, "maximize": maximize, "rows": rows, "columns": cols,
                      "total": cost[rows, cols].sum()})

    add(rng.uniform(0, 10, (5, 5)))
    add(rng.uniform(0, 10, (3, 6)))
    add(rng.uniform(0, 10, (7, 4)))
    add(rng.integers(0, 3, (6, 6)).astype(float))       # many ties
    add(rng.integers(0, 2, (4, 7)).astype(float))       # ties, rectangular
    add(np.ones((4, 4)))                                # everything ties
    add(rng.uniform(-5, 5, (5, 8)), maximize=True)
    forbidden = rng.uniform(0, 10, (4, 4))
    forbidden[0, :3] = np.inf                           # null in JSON: a forbidden pair
    forbidden[1, 0] = np.inf
    add(forbidden)
    add(rng.uniform(0, 100, (12, 9)))
    save("hungarian.json", {"cases": cases})


# ---------------------------------------------------------------- detection metrics
def voc_ap(rec, prec, use_07_metric):
    """voc_ap from py-faster-rcnn's voc_eval.py."""
    if use_07_metric:
        ap = 0.0
        for t in np.arange(0.0, 1.1, 0.1):
            p = 0 if np.sum(rec >= t) == 0 else np.max(prec[rec >= t])
            ap = ap + p / 11.0
        return ap
    mrec = np.concatenate(([0.0], rec, [1.0]))
    mpre = np.concatenate(([0.0], prec, [0.0]))
    for i in range(mpre.size - 1, 0, -1):
        mpre[i - 1] = np.maximum(mpre[i - 1], mpre[i])
    i = np.where(mrec[1:] != mrec[:-1])[0]
    return np.sum((mrec[i + 1] - mrec[i]) * mpre[i + 1])


def box_iou_xyxy(box, boxes):
    iw = np.maximum(np.minimum(boxes[:, 2], box[2]) - np.maximum(boxes[:, 0], box[0]), 0)
    ih = np.maximum(np.minimum(boxes[:, 3], box[3]) - np.maximum(boxes[:, 1], box[1]), 0)
    inter = iw * ih
    area = lambda b: (b[..., 2] - b[..., 0]) * (b[..., 3] - b[..., 1])
    return inter / (area(box) + area(boxes) - inter)


def voc_eval(dets, gts, label, thr, use_07_metric):
    """voc_eval.py's matching for one class, without difficult flags and the +1 convention.
    Detections are ordered by score with a stable sort (image id, then input order on ties)."""
    class_gts = [g for g in gts if g["label"] == label]
    taken = [False] * len(class_gts)
    class_dets = [d for d in dets if d["label"] == label]
    order = sorted(range(len(class_dets)), key=lambda i: (-class_dets[i]["score"], class_dets[i]["image"], i))
    tp, fp = [], []
    for i in order:
        d = class_dets[i]
        candidates = [k for k, g in enumerate(class_gts) if g["image"] == d["image"]]
        ovmax, jmax = -np.inf, -1
        if candidates:
            overlaps = box_iou_xyxy(np.array(d["box"]), np.array([class_gts[k]["box"] for k in candidates]))
            ovmax, jmax = overlaps.max(), candidates[int(overlaps.argmax())]
        hit = ovmax > thr and not taken[jmax]
        if hit:
            taken[jmax] = True
        tp.append(1.0 if hit else 0.0)
        fp.append(0.0 if hit else 1.0)
    tp, fp = np.cumsum(tp), np.cumsum(fp)
    rec = tp / float(len(class_gts))
    prec = tp / np.maximum(tp + fp, np.finfo(np.float64).eps)
    return voc_ap(rec, prec, use_07_metric)


def detection_fixture():
    from pycocotools.coco import COCO
    from pycocotools.cocoeval import COCOeval

    images, labels = list(range(1, 10)), [1, 2, 3, 4]
    gts, dets = [], []
    for image in images[:8]:
        for _ in range(rng.integers(0, 7)):
            label = int(rng.integers(1, 4))          # label 4 never has ground truth
            x, y = (rng.integers(0, 160, 2) / 2.0)   # half-pixel grid: IoUs equal in both codes
            w, h = (rng.integers(10, 80, 2) / 2.0)
            gts.append({"image": image, "label": label, "box": [x, y, x + w, y + h]})
    for g in gts:
        for _ in range(rng.integers(0, 3)):          # 0-2 detections near each object
            jitter = rng.integers(-5, 6, 4) / 2.0
            x1, y1, x2, y2 = np.array(g["box"]) + jitter
            if x2 > x1 and y2 > y1:
                dets.append({"image": g["image"], "label": g["label"], "box": [x1, y1, x2, y2],
                             "score": float(rng.integers(1, 20) / 20.0)})
    for _ in range(15):                              # false positives, some in label 4 and image 9
        image, label = int(rng.choice(images)), int(rng.choice(labels))
        x, y = rng.integers(0, 160, 2) / 2.0
        w, h = rng.integers(10, 60, 2) / 2.0
        dets.append({"image": image, "label": label, "box": [x, y, x + w, y + h],
                     "score": float(rng.integers(1, 20) / 20.0)})

    def xywh(b):
        return [b[0], b[1], b[2] - b[0], b[3] - b[1]]

    coco_gt = COCO()
    coco_gt.dataset = {
        "images": [{"id": i} for i in images],
        "categories": [{"id": c} for c in labels],
        "annotations": [{"id": k + 1, "image_id": g["image"], "category_id": g["label"], "bbox": xywh(g["box"]),
                         "area": xywh(g["box"])[2] * xywh(g["box"])[3], "iscrowd": 0} for k, g in enumerate(gts)]}
    coco_gt.createIndex()
    coco_dt = coco_gt.loadRes([{"image_id": d["image"], "category_id": d["label"], "bbox": xywh(d["box"]),
                                "score": d["score"]} for d in dets])
    ev = COCOeval(coco_gt, coco_dt, "bbox")
    ev.evaluate()
    ev.accumulate()
    ev.summarize()
    precision = ev.eval["precision"][:, :, :, 0, 2]  # [T, R, K] at area "all", maxDets 100
    one = ev.eval["precision"][:, :, :, 0, 0]       # maxDets 1: the best detection per image and class
    ap_one_detection = one[one > -1].mean()
    per_class = {}
    for k, label in enumerate(ev.params.catIds):
        p = precision[:, :, k]
        if (p > -1).any():
            per_class[str(label)] = p[p > -1].mean()

    voc = {}
    for thr in (0.5, 0.7):
        for name, use07 in (("eleven_point", True), ("all_points", False)):
            voc[f"{name}@{thr}"] = {str(l): voc_eval(dets, gts, l, thr, use07) for l in sorted({g["label"] for g in gts})}
    curves = []
    for _ in range(3):
        hits = rng.integers(0, 2, 12).astype(float)
        npos = int(hits.sum()) + 2
        tp, fp = np.cumsum(hits), np.cumsum(1 - hits)
        rec, prec = tp / npos, tp / np.maximum(tp + fp, np.finfo(np.float64).eps)
        curves.append({"recall": rec, "precision": prec,
                       "eleven_point": voc_ap(rec, prec, True), "all_points": voc_ap(rec, prec, False)})
    save("detection.json", {
        "ground_truths": gts, "detections": dets,
        "coco": {"iou_thresholds": ev.params.iouThrs, "ap": ev.stats[0], "ap50": ev.stats[1],
                 "ap75": ev.stats[2], "ar100": ev.stats[8], "per_class_ap": per_class,
                 "ap_max_1_detection": ap_one_detection},
        "voc": voc, "curves": curves})


# ---------------------------------------------------------------- segmentation
def segmentation_fixture():
    classes = 5                                      # class 4 never appears: NaN IoU
    target = rng.integers(0, 4, (2, 6, 7))
    pred = np.where(rng.uniform(size=target.shape) < 0.7, target, rng.integers(0, 4, target.shape))
    target[0, 0, :3] = 255                           # ignored pixels
    valid = target != 255
    cm = np.bincount(target[valid] * classes + pred[valid], minlength=classes * classes).reshape(classes, classes)
    tp = np.diag(cm).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        iou = tp / (cm.sum(0) + cm.sum(1) - tp)
        dice = 2 * tp / (cm.sum(0) + cm.sum(1))
    out = {"classes": classes, "target": target, "prediction": pred, "confusion": cm,
           "pixel_accuracy": tp.sum() / cm.sum(), "iou": iou, "mean_iou": np.nanmean(iou),
           "dice": dice, "mean_dice": np.nanmean(dice), "soft_dice": []}

    smooth = 1e-5
    for shape, binary in (((2, 3, 4, 5), False), ((1, 2, 3, 4, 5), False), ((2, 1, 5, 6), True)):
        logits = torch.tensor(rng.normal(size=shape))
        if binary:
            probs = torch.sigmoid(logits)
            labels = None
            onehot = torch.tensor(rng.integers(0, 2, shape), dtype=torch.float64)
        else:
            probs = torch.softmax(logits, dim=1)
            labels = torch.tensor(rng.integers(0, shape[1], (shape[0],) + shape[2:]))
            onehot = torch.nn.functional.one_hot(labels, shape[1]).movedim(-1, 1).double()
        probs = probs.detach().requires_grad_(True)
        axes = tuple(range(2, len(shape)))
        score = (2 * (probs * onehot).sum(axes) + smooth) / (probs.sum(axes) + onehot.sum(axes) + smooth)
        loss = 1 - score.mean()
        loss.backward()
        p, t = probs.detach().numpy(), onehot.numpy()
        numpy_score = (2 * (p * t).sum(axes) + smooth) / (p.sum(axes) + t.sum(axes) + smooth)
        assert np.allclose(numpy_score, score.detach().numpy(), rtol=0, atol=1e-14)
        out["soft_dice"].append({"shape": shape, "probabilities": probs.flatten(), "target": onehot.flatten(),
                                 "labels": None if labels is None else labels.flatten(),
                                 "score": numpy_score, "loss": 1 - numpy_score.mean(), "grad": probs.grad.flatten()})
    save("segmentation.json", out)


if __name__ == "__main__":
    boxes_fixture()
    iou_fixture()
    nms_fixture()
    anchors_fixture()
    hungarian_fixture()
    detection_fixture()
    segmentation_fixture()
    print("fixtures written to", HERE)
