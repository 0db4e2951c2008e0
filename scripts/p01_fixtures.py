#!/usr/bin/env python3
"""Reference metrics for P01's tests, from scikit-learn on fixed inputs.

    python3 -m pip install scikit-learn numpy
    python3 scripts/p01_fixtures.py      # writes Tests/P01Tests/Fixtures/metrics.json
"""
import json
import os

import numpy as np
from sklearn.metrics import (accuracy_score, balanced_accuracy_score, confusion_matrix,
                             precision_recall_fscore_support, roc_auc_score)

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
out = os.path.join(os.path.dirname(__file__), "..", "Tests", "P01Tests", "Fixtures", "metrics.json")
os.makedirs(os.path.dirname(out), exist_ok=True)
with open(out + ".part", "w") as f:
    json.dump({"sklearn": __import__("sklearn").__version__, "cases": cases}, f)
os.replace(out + ".part", out)
print(f"wrote {len(cases)} cases to {out}")
