#!/usr/bin/env python3
"""Reference values for P04's tests, computed with PyTorch and numpy.

Run with the shared reference environment (torch, numpy):

    /tmp/refenv/bin/python scripts/p04_fixtures.py

Writes Tests/P04Tests/Fixtures/p04.json in the workbook's fixture format
({"name": {"shape": [...], "data": [...], "dtype": "float64"}}). CI never runs it.
"""
import json
import math
import os

import numpy as np
import torch
import torch.nn.functional as F

rng = np.random.default_rng(4)
out = {}


def put(name, array, dtype="float64"):
    a = np.asarray(array, dtype=np.float64)
    out[name] = {"shape": list(a.shape), "data": [float(v) for v in a.ravel()], "dtype": dtype}


# mIoU as the Cityscapes evaluation computes it: one confusion matrix over all pixels
# of the split (np.bincount of target*K + prediction over labelled pixels), IoU per
# class = TP / (TP + FP + FN), NaN where a class is neither present nor predicted,
# mean over the classes that are not NaN.
K = 6
targets = rng.integers(0, K - 1, size=400)          # class 5 never occurs ...
predictions = np.where(rng.random(400) < 0.7, targets, rng.integers(0, K - 1, size=400))
targets[rng.random(400) < 0.1] = 255                # void pixels
valid = targets != 255
matrix = np.bincount(targets[valid] * K + predictions[valid], minlength=K * K).reshape(K, K)
tp = np.diag(matrix).astype(np.float64)
union = matrix.sum(0) + matrix.sum(1) - tp
with np.errstate(invalid="ignore", divide="ignore"):
    iou = tp / union
put("miou.targets", targets)
put("miou.predictions", predictions)
put("miou.matrix", matrix)
put("miou.iou", np.nan_to_num(iou, nan=-1.0))   # JSON has no NaN: -1 marks it
put("miou.mean", [np.nanmean(iou)])
put("miou.pixel_accuracy", [tp.sum() / matrix.sum()])

# Bilinear resizing, with and without aligned corners (F.interpolate), up and down.
image = torch.tensor(rng.random((1, 1, 3, 5)), dtype=torch.float64)
put("bilinear.input", image[0, 0])
for (h, w) in [(7, 9), (2, 3), (16, 32)]:
    for align in (False, True):
        y = F.interpolate(image, size=(h, w), mode="bilinear", align_corners=align)
        put(f"bilinear.{h}x{w}.{'aligned' if align else 'half_pixel'}", y[0, 0])

# DeepLab's upsampling of a 1/16 map to 1/4 and of 1/4 logits to the input (align_corners=False).
logits = torch.tensor(rng.standard_normal((1, 2, 4, 8)), dtype=torch.float32)
put("decoder.input", logits, "float32")
put("decoder.output", F.interpolate(logits, size=(16, 32), mode="bilinear", align_corners=False), "float32")

# The poly schedule: torch.optim.lr_scheduler.PolynomialLR, power 0.9, stepped per iteration.
parameter = torch.nn.Parameter(torch.zeros(1))
optimizer = torch.optim.SGD([parameter], lr=0.01)
schedule = torch.optim.lr_scheduler.PolynomialLR(optimizer, total_iters=12, power=0.9)
rates = []
for _ in range(15):
    rates.append(optimizer.param_groups[0]["lr"])
    optimizer.step()
    schedule.step()
put("poly.rates", rates)

# OHEM cross-entropy as mmsegmentation's OHEMPixelSampler keeps pixels: the probability of
# the true class below max(thresh, the (min_kept)-th smallest such probability); the
# loss is the mean cross-entropy over the kept pixels.
logits = torch.tensor(rng.standard_normal((60, 4)) * 2, dtype=torch.float64)
labels = torch.tensor(rng.integers(0, 4, size=60))
labels[rng.random(60) < 0.15] = 255
put("ohem.logits", logits)
put("ohem.targets", labels)
for thresh, min_kept in [(0.7, 10), (0.3, 20), (0.9, 5)]:
    valid = labels != 255
    prob = F.softmax(logits, dim=1)[valid].gather(1, labels[valid].unsqueeze(1)).squeeze(1)
    sorted_prob, _ = prob.sort()
    threshold = max(thresh, float(sorted_prob[min(min_kept, sorted_prob.numel() - 1)]))
    keep = prob < threshold
    ce = F.cross_entropy(logits[valid], labels[valid], reduction="none")
    put(f"ohem.loss.{thresh}.{min_kept}", [float(ce[keep].mean())])
    put(f"ohem.kept.{thresh}.{min_kept}", [int(keep.sum())])

# ENet's class weights from pixel frequencies: w = 1 / ln(1.02 + p_class), void pixels left out.
pixels = rng.choice([0, 1, 2, 3, 255], size=5000, p=[0.6, 0.25, 0.1, 0.0, 0.05])
counts = np.bincount(pixels[pixels != 255], minlength=5)
frequency = counts / counts.sum()
put("weights.labels", pixels)
put("weights.enet", 1 / np.log(1.02 + frequency))

path = os.path.join(os.path.dirname(__file__), "..", "Tests", "P04Tests", "Fixtures", "p04.json")
with open(path, "w") as f:
    json.dump(out, f)
print(f"wrote {os.path.normpath(path)}: {len(out)} arrays")
