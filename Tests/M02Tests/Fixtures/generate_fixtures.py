#!/usr/bin/env python3
"""Reference values for lesson M02's exercises, computed with PyTorch.

    pip install torch
    python3 Tests/M02Tests/Fixtures/generate_fixtures.py

Writes one JSON file per exercise beside this script, in the Workbook's fixture
format: {"key": {"shape": [...], "data": [...], "dtype": "float64"}}. Inputs are
drawn here (seeded) and stored, so the Swift tests compute on the same numbers.
torchvision is not needed: NMS, box IoU, box coding and RoIAlign are written out
below following torchvision's definitions (torchvision.ops.nms, box_iou, roi_align
with aligned=False, and Faster R-CNN's BoxCoder with unit weights).
"""
import itertools
import sys
import math
import pathlib

import torch
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)
HERE = pathlib.Path(__file__).parent
sys.path.insert(0, str(HERE.parents[2] / "scripts"))
from workbook_fixtures import writer  # noqa: E402

write = writer(HERE)


def random_boxes(n, size=50.0):
    xy = torch.rand(n, 2) * size
    wh = torch.rand(n, 2) * size / 2 + 1
    return torch.cat([xy, xy + wh], dim=1)


# M02-E01 and M02-E03: convolution forward and backward, two configurations.
for name, (shape, wshape, stride, padding) in {
    "conv2d": ((2, 3, 7, 6), (4, 3, 3, 3), 2, 1),
    "conv2d_plain": ((1, 2, 5, 5), (3, 2, 2, 2), 1, 0),
}.items():
    x = torch.randn(*shape, requires_grad=True)
    w = torch.randn(*wshape, requires_grad=True)
    b = torch.randn(wshape[0], requires_grad=True)
    y = F.conv2d(x, w, b, stride=stride, padding=padding)
    g = torch.randn_like(y)
    y.backward(g)
    write(name, x=x, weight=w, bias=b, stride=stride, padding=padding, output=y, gradOutput=g,
          gradInput=x.grad, gradWeight=w.grad, gradBias=b.grad)

# M02-E02 im2col: torch.nn.functional.unfold.
x = torch.randn(2, 2, 5, 6)
write("im2col", x=x, columns=F.unfold(x, kernel_size=3, padding=1, stride=2))

# M02-E04 max pooling, non-overlapping (2, 2) and overlapping (3, 2) windows.
for name, (k, s) in {"max_pool": (2, 2), "max_pool_overlap": (3, 2)}.items():
    x = torch.randn(2, 3, 7, 7, requires_grad=True)
    y = F.max_pool2d(x, k, s)
    g = torch.randn_like(y)
    y.backward(g)
    write(name, x=x, kernel=k, stride=s, output=y, gradOutput=g, gradInput=x.grad)

# M02-E05 batch norm 2d, training mode.
bn = torch.nn.BatchNorm2d(3)
with torch.no_grad():
    bn.weight.copy_(torch.randn(3))
    bn.bias.copy_(torch.randn(3))
x = torch.randn(4, 3, 5, 5) * 2 + 1
y = bn(x)
write("batch_norm2d", x=x, gamma=bn.weight, beta=bn.bias, output=y,
      mean=x.mean(dim=(0, 2, 3)), variance=x.var(dim=(0, 2, 3), unbiased=False))


# M02-E07 box IoU (torchvision.ops.box_iou).
def box_iou(a, b):
    area_a = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1])
    area_b = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    lt = torch.max(a[:, None, :2], b[None, :, :2])
    rb = torch.min(a[:, None, 2:], b[None, :, 2:])
    wh = (rb - lt).clamp(min=0)
    inter = wh[..., 0] * wh[..., 1]
    return inter / (area_a[:, None] + area_b[None, :] - inter)


a, b = random_boxes(6), random_boxes(5)
b[0] = a[0]                                             # one identical pair
b[1] = torch.tensor([200.0, 200.0, 210.0, 220.0])       # one box far from all others
write("box_iou", a=a, b=b, iou=box_iou(a, b))


# M02-E08 NMS (torchvision.ops.nms): highest score first, stable on ties.
def nms(boxes, scores, threshold):
    order = sorted(range(len(scores)), key=lambda i: (-float(scores[i]), i))
    iou = box_iou(boxes, boxes)
    keep = []
    for i in order:
        if all(iou[k, i] <= threshold for k in keep):
            keep.append(i)
    return torch.tensor(keep, dtype=torch.int64)


centres = random_boxes(4, size=60)
boxes = torch.cat([c + torch.randn(6, 4) * 3 for c in centres])
boxes = torch.cat([boxes[:, :2].min(boxes[:, 2:]), boxes[:, :2].max(boxes[:, 2:])], dim=1)
scores = torch.rand(len(boxes))
scores[5] = scores[11]                                  # a tie
write("nms", boxes=boxes, scores=scores, keep05=nms(boxes, scores, 0.5), keep03=nms(boxes, scores, 0.3))


# M02-E09 box coding (Faster R-CNN, unit weights).
def centre_form(b):
    return (b[:, 0] + b[:, 2]) / 2, (b[:, 1] + b[:, 3]) / 2, b[:, 2] - b[:, 0], b[:, 3] - b[:, 1]


boxes, anchors = random_boxes(6), random_boxes(6)
x, y, w, h = centre_form(boxes)
xa, ya, wa, ha = centre_form(anchors)
offsets = torch.stack([(x - xa) / wa, (y - ya) / ha, torch.log(w / wa), torch.log(h / ha)], dim=1)
write("box_coding", boxes=boxes, anchors=anchors, offsets=offsets)


# M02-E10 DETR matching cost (class, L1, GIoU) and the optimal assignment by brute force.
def giou(a, b):
    iou = box_iou(a, b)
    area_a = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1])
    area_b = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    lt = torch.max(a[:, None, :2], b[None, :, :2])
    rb = torch.min(a[:, None, 2:], b[None, :, 2:])
    inter = (rb - lt).clamp(min=0).prod(-1)
    union = area_a[:, None] + area_b[None, :] - inter
    e = (torch.max(a[:, None, 2:], b[None, :, 2:]) - torch.min(a[:, None, :2], b[None, :, :2])).prod(-1)
    return iou - (e - union) / e


probabilities = torch.randn(6, 4).softmax(-1)
predicted, targets = random_boxes(6, 1.0), random_boxes(3, 1.0)
labels = torch.tensor([2, 0, 3])
cost = -probabilities[:, labels] + 5 * torch.cdist(predicted, targets, p=1) - 2 * giou(predicted, targets)
best = min(itertools.permutations(range(6), 3), key=lambda qs: sum(float(cost[q, t]) for t, q in enumerate(qs)))
write("detr_matching", probabilities=probabilities, predictedBoxes=predicted, labels=labels, targetBoxes=targets,
      cost=cost, queryForObject=torch.tensor(best, dtype=torch.int64))

# M02-E11 soft Dice loss and its gradient, by autograd.
p = torch.rand(3, 1, 6, 6).requires_grad_(True)
t = (torch.rand(3, 1, 6, 6) > 0.6).double()
overlap = 2 * (p * t).sum(dim=(1, 2, 3)) + 1
total = p.sum(dim=(1, 2, 3)) + t.sum(dim=(1, 2, 3)) + 1
loss = 1 - (overlap / total).mean()
loss.backward()
write("dice", probabilities=p, target=t, loss=loss, gradient=p.grad)


# M02-E12 RoIAlign bins (torchvision.ops.roi_align, aligned=False, sampling_ratio 2), one channel.
def bilinear(f, y, x):
    height, width = f.shape
    if y < -1 or y > height or x < -1 or x > width:
        return 0.0
    y, x = max(y, 0.0), max(x, 0.0)
    y0, x0 = int(y), int(x)
    if y0 >= height - 1:
        y0 = y1 = height - 1
        y = float(y0)
    else:
        y1 = y0 + 1
    if x0 >= width - 1:
        x0 = x1 = width - 1
        x = float(x0)
    else:
        x1 = x0 + 1
    ly, lx = y - y0, x - x0
    return float((1 - ly) * (1 - lx) * f[y0, x0] + (1 - ly) * lx * f[y0, x1] + ly * (1 - lx) * f[y1, x0] + ly * lx * f[y1, x1])


def roi_align(f, box, out, ratio):
    x1, y1, x2, y2 = box
    bin_h, bin_w = max(y2 - y1, 1.0) / out, max(x2 - x1, 1.0) / out
    result = torch.zeros(out, out)
    for r in range(out):
        for c in range(out):
            result[r, c] = sum(bilinear(f, y1 + r * bin_h + (iy + 0.5) * bin_h / ratio, x1 + c * bin_w + (ix + 0.5) * bin_w / ratio)
                               for iy in range(ratio) for ix in range(ratio)) / ratio ** 2
    return result


feature = torch.randn(9, 11)
rois = {"inside": [1.3, 2.2, 7.9, 6.1], "edge": [6.5, 4.0, 11.5, 9.5], "tiny": [3.2, 3.1, 3.6, 3.4]}
write("roi_align", feature=feature, **{f"{k}_box": torch.tensor(v) for k, v in rois.items()},
      **{f"{k}_bins": roi_align(feature, v, 3, 2) for k, v in rois.items()})
