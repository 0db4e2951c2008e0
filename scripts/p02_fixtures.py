#!/usr/bin/env python3
"""Reference values for P02's tests, from the `ultralytics` package (YOLO11) and pycocotools.

    python3 -m pip install ultralytics pycocotools      # torch comes with ultralytics
    python3 scripts/p02_fixtures.py                     # writes Tests/P02Tests/Fixtures/*.json

Nothing is downloaded: the models are built from ultralytics' yaml files with random weights.
"""
import json
import math
import os

import numpy as np
import torch

import ultralytics
from ultralytics.cfg import get_cfg
from ultralytics.nn.tasks import DetectionModel
from ultralytics.data.augment import LetterBox
from ultralytics.utils import ops
from ultralytics.utils.nms import non_max_suppression
import torchvision  # noqa: F401  (non_max_suppression then uses torchvision.ops.nms)
from ultralytics.utils.metrics import bbox_iou
from ultralytics.utils.tal import TaskAlignedAssigner, make_anchors, dist2bbox, bbox2dist
from ultralytics.utils.loss import DFLoss, v8DetectionLoss

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "P02Tests", "Fixtures")
os.makedirs(OUT, exist_ok=True)
torch.manual_seed(0)
rng = np.random.default_rng(2)


def write(name, value):
    path = os.path.join(OUT, name + ".json")
    value["ultralytics"] = ultralytics.__version__
    with open(path + ".part", "w") as f:
        json.dump(value, f, separators=(",", ":"))
    os.replace(path + ".part", path)
    print(f"wrote {path} ({os.path.getsize(path)} bytes)")


def flat(t):
    return [float(x) for x in np.asarray(t, dtype=np.float64).reshape(-1)]


def flat32(t):
    """float32 values written with the digits that identify them (smaller files)."""
    return [float(str(x)) for x in np.asarray(t, dtype=np.float32).reshape(-1)]


def random_boxes(n, size, low=2, high=None):
    high = high or size / 2
    wh = rng.uniform(low, high, (n, 2))
    c = rng.uniform(0, size, (n, 2))
    return np.concatenate([c - wh / 2, c + wh / 2], 1)


# --- The architecture: parameter counts and every tensor's name and shape. ---------------------
def model_summary(scale, nc):
    m = DetectionModel(f"yolo11{scale}.yaml", nc=nc, verbose=False)
    state = {k: list(v.shape) for k, v in m.state_dict().items() if not k.endswith("num_batches_tracked")}
    return m, {"scale": scale, "classes": nc, "parameters": sum(p.numel() for p in m.parameters()), "state": state}

_, summary_n80 = model_summary("n", 80)
_, summary_n6 = model_summary("n", 6)
_, summary_s80 = model_summary("s", 80)
write("architecture", {"models": [summary_n80, summary_n6, {k: v for k, v in summary_s80.items() if k != "state"}]})

# --- Letterbox placement and scale_boxes. --------------------------------------------------------
cases = []
for h, w in [(576, 768), (480, 640), (320, 320), (350, 640), (1000, 333), (101, 203), (240, 320), (77, 1280)]:
    lb = LetterBox((320, 320), auto=False, scale_fill=False, scaleup=True, center=True)
    out = lb(image=np.zeros((h, w, 3), np.uint8))
    # Where the image landed: the non-grey region of a letterboxed white image.
    white = lb(image=np.full((h, w, 3), 255, np.uint8))[..., 0]
    ys, xs = np.nonzero(white == 255)
    boxes = random_boxes(6, 320, 4, 200)
    mapped = ops.scale_boxes((320, 320), torch.tensor(boxes, dtype=torch.float64), (h, w)).numpy()
    cases.append({"height": h, "width": w, "output": list(out.shape), "left": int(xs.min()), "top": int(ys.min()),
                  "resized_width": int(xs.max() - xs.min() + 1), "resized_height": int(ys.max() - ys.min() + 1),
                  "boxes": flat(boxes), "mapped": flat(mapped)})
write("letterbox", {"size": 320, "cases": cases})

# --- CIoU (bbox_iou with CIoU=True), float64. ---------------------------------------------------
a = random_boxes(64, 100, 1, 60)
b = np.concatenate([a[:32] + rng.normal(0, 6, (32, 4)), random_boxes(32, 100, 1, 60)])
b[:, 2:] = np.maximum(b[:, 2:], b[:, :2] + 0.5)
ciou = bbox_iou(torch.tensor(a), torch.tensor(b), xywh=False, CIoU=True).squeeze(-1).numpy()
write("ciou", {"a": flat(a), "b": flat(b), "ciou": flat(ciou)})

# --- DFL decode and the DFL loss. --------------------------------------------------------------
feat_sizes = [torch.zeros(1, 1, 64 // s, 64 // s) for s in (8, 16, 32)]
anchors, strides = make_anchors(feat_sizes, torch.tensor([8.0, 16.0, 32.0]), 0.5)
logits = torch.randn(anchors.shape[0], 4, 16, dtype=torch.float64) * 2
proj = torch.arange(16, dtype=torch.float64)
dist = logits.softmax(-1).matmul(proj)
boxes = dist2bbox(dist, anchors.double(), xywh=False) * strides.double()
targets = torch.rand(anchors.shape[0], 4, dtype=torch.float64) * 14.99
dfl = DFLoss(16)(logits.reshape(-1, 16), targets)
write("dfl", {"anchors": flat(anchors), "strides": flat(strides), "logits": flat(logits), "boxes": flat(boxes),
              "targets": flat(targets), "loss": flat(dfl)})

# --- The task-aligned assigner. ----------------------------------------------------------------
size, nc = 128, 4
feat_sizes = [torch.zeros(1, 1, size // s, size // s) for s in (8, 16, 32)]
anchors, strides = make_anchors(feat_sizes, torch.tensor([8.0, 16.0, 32.0]), 0.5)
points = (anchors * strides).double()
gt_counts = [3, 5]
gt = torch.zeros(2, 5, 4, dtype=torch.float64)
labels = torch.zeros(2, 5, 1, dtype=torch.long)
mask = torch.zeros(2, 5, 1)
for i, n in enumerate(gt_counts):
    gt[i, :n] = torch.tensor(random_boxes(n, size, 12, 70)).clamp(0, size)
    labels[i, :n, 0] = torch.tensor(rng.integers(0, nc, n))
    mask[i, :n] = 1
# Predicted boxes: for every anchor, a box around it of a random size (so candidates overlap their box).
wh = torch.tensor(rng.uniform(8, 60, (2, points.shape[0], 2)))
pd_boxes = torch.cat([points - wh / 2, points + wh / 2], -1)
pd_scores = torch.rand(2, points.shape[0], nc, dtype=torch.float64)
assigner = TaskAlignedAssigner(topk=10, num_classes=nc, alpha=0.5, beta=6.0)
_, t_boxes, t_scores, fg, t_idx = assigner(pd_scores, pd_boxes, points, labels, gt, mask)
write("assigner", {"size": size, "classes": nc, "gt_counts": gt_counts, "gt_boxes": flat(gt), "gt_labels": flat(labels),
                   "pd_boxes": flat(pd_boxes), "pd_scores": flat(pd_scores), "target_boxes": flat(t_boxes),
                   "target_scores": flat(t_scores), "foreground": flat(fg), "target_index": flat(t_idx)})

# --- The whole loss on random head outputs. ----------------------------------------------------
model6 = DetectionModel("yolo11n.yaml", nc=6, verbose=False)
model6.args = get_cfg()          # the default hyperparameters: box 7.5, cls 0.5, dfl 1.5
criterion = v8DetectionLoss(model6, tal_topk=10)
size = 64
preds = [torch.randn(2, 64 + 6, size // s, size // s) for s in (8, 16, 32)]
batch_idx, cls, xywh = [], [], []
for i, n in enumerate([4, 2]):
    bx = random_boxes(n, size, 6, 40).clip(0, size)
    for box in bx:
        batch_idx.append(i)
        cls.append(int(rng.integers(0, 6)))
        xywh.append([(box[0] + box[2]) / 2 / size, (box[1] + box[3]) / 2 / size, (box[2] - box[0]) / size, (box[3] - box[1]) / size])
batch = {"batch_idx": torch.tensor(batch_idx, dtype=torch.float32), "cls": torch.tensor(cls, dtype=torch.float32)[:, None],
         "bboxes": torch.tensor(xywh, dtype=torch.float32)}
raw = torch.cat([p.view(2, 70, -1) for p in preds], 2)
total, parts = criterion({"boxes": raw[:, :64], "scores": raw[:, 64:], "feats": preds}, batch)
parts = torch.stack(list(parts.values())) if isinstance(parts, dict) else parts
write("loss", {"size": size, "classes": 6, "raw": flat32(raw), "batch_idx": batch_idx, "cls": cls, "xywh": flat(xywh),
               "total": float(total.sum() if total.dim() else total), "parts": flat(parts)})

# --- NMS (non_max_suppression, class-aware, conf 0.25, IoU 0.7). --------------------------------
n, nc = 300, 3
centres = rng.uniform(20, 300, (n, 2))
centres[100:200] = centres[:100] + rng.normal(0, 4, (100, 2))      # clusters that overlap
wh = rng.uniform(10, 80, (n, 2))
scores = rng.uniform(0, 1, (n, nc)) ** 2
pred = torch.tensor(np.concatenate([centres, wh, scores], 1).T[None], dtype=torch.float32)
out = {}
for multi in (False, True):
    kept = non_max_suppression(pred, conf_thres=0.25, iou_thres=0.7, multi_label=multi, max_det=300)[0]
    out["multi" if multi else "single"] = flat(kept)
write("nms", {"xywh": flat(np.concatenate([centres, wh], 1).astype(np.float32)), "scores": flat(scores.astype(np.float32)),
              "classes": nc, **out})
