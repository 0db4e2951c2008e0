#!/usr/bin/env python3
"""Reference metrics for P01's tests, from scikit-learn on fixed inputs: the binary metrics,
the balanced class weights of P01-E03 and the F1-optimal validation thresholds of P01-E04.

    python3 -m pip install scikit-learn numpy
    python3 scripts/p01_fixtures.py      # writes Tests/P01Tests/Fixtures/metrics.json
"""
import json
import os

import numpy as np
from sklearn.metrics import (accuracy_score, balanced_accuracy_score, confusion_matrix, f1_score,
                             precision_recall_fscore_support, roc_auc_score)
from sklearn.utils.class_weight import compute_class_weight

rng = np.random.default_rng(14)
cases = []
for n, rounding in [(50, None), (200, 2), (31, 1)]:
    labels = (rng.random(n) < 0.3).astype(int)
    scores = np.clip(0.35 + 0.3 * labels + 0.35 * (rng.random(n) - 0.5), 0, 1)
    if rounding is not None:
        scores = np.round(scores, rounding)   # ties, as a coarse model gives
    for threshold in [0.5, 0.42]:
        predicted = (scores >= threshold).astype(int)
        p, r, f, _ = precision_recall_fscore_support(labels, predicted, pos_label=1, average="binary", zero_division=0)
        cases.append({
            "scores": scores.tolist(), "labels": labels.tolist(), "threshold": threshold,
            "accuracy": accuracy_score(labels, predicted),
            "balanced_accuracy": balanced_accuracy_score(labels, predicted),
            "precision": p, "recall": r, "f1": f,
            "auc": roc_auc_score(labels, scores),
            "confusion": confusion_matrix(labels, predicted, labels=[0, 1]).tolist(),
        })

# P01-E03: scikit-learn's class_weight="balanced" (every class present, as it requires).
class_weights = []
for n, classes in [(44, 4), (97, 2), (300, 5)]:
    labels = np.concatenate([np.arange(classes), (rng.random(n - classes) ** 2 * classes).astype(int)])
    weights = compute_class_weight("balanced", classes=np.arange(classes), y=labels)
    class_weights.append({"labels": labels.tolist(), "classes": classes, "weights": weights.tolist()})


def f1_threshold(scores, labels):
    """0.5, then the midpoints between sorted distinct scores; the best F1 (scikit-learn's),
    ties to the threshold closest to 0.5, then to the first one tried."""
    distinct = np.unique(scores)
    candidates = [0.5] + list((distinct[:-1] + distinct[1:]) / 2)
    best_t, best_v = None, -1.0
    for t in candidates:
        v = f1_score(labels, (scores >= t).astype(int), zero_division=0)
        if best_t is None or v > best_v or (v == best_v and abs(t - 0.5) < abs(best_t - 0.5)):
            best_t, best_v = t, v
    return float(best_t)


# P01-E04: noisy validation scores, some rounded so that cells tie.
thresholds = []
for n, rounding, base in [(60, None, 0.35), (60, 1, 0.2), (120, 2, 0.45), (25, None, 0.3), (80, 1, 0.6), (40, 2, 0.15)]:
    labels = (rng.random(n) < 0.3).astype(int)
    scores = np.clip(base + 0.25 * labels + 0.3 * (rng.random(n) - 0.5), 0, 1)
    if rounding is not None:
        scores = np.round(scores, rounding)
    thresholds.append({"scores": scores.tolist(), "labels": labels.tolist(), "threshold": f1_threshold(scores, labels)})

out = os.path.join(os.path.dirname(__file__), "..", "Tests", "P01Tests", "Fixtures", "metrics.json")
os.makedirs(os.path.dirname(out), exist_ok=True)
with open(out + ".part", "w") as f:
    json.dump({"sklearn": __import__("sklearn").__version__, "cases": cases,
               "class_weights": class_weights, "f1_thresholds": thresholds}, f)
os.replace(out + ".part", out)
print(f"wrote {len(cases)} cases to {out}")
