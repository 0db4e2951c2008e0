#!/usr/bin/env python3
"""Reference relation scores for P07's tests, computed with scikit-learn.

Run with the shared reference environment:

    pip install numpy scikit-learn
    /tmp/refenv/bin/python scripts/p07_relation_fixtures.py

Writes Tests/P07Tests/Fixtures/p07_relations.json. CI never runs it.

Labels are 0 (no_relation) to 4; the scores leave no_relation out:
precision_recall_fscore_support(truth, predicted, labels=[1, 2, 3, 4], average=...,
zero_division=0) for "micro" and "macro", and average=None for each relation. The cases
are random label lists of several lengths, plus hand-made edge cases: a relation never
predicted, a relation absent from the truth, only no_relation predicted, and a perfect
prediction.
"""
import importlib.metadata
import json
import os

import numpy as np
from sklearn.metrics import precision_recall_fscore_support

RELATIONS = [1, 2, 3, 4]
rng = np.random.default_rng(20261202)


def scores(truth, predicted):
    out = {}
    for average in ("micro", "macro"):
        p, r, f, _ = precision_recall_fscore_support(truth, predicted, labels=RELATIONS, average=average, zero_division=0)
        out[average] = {"precision": float(p), "recall": float(r), "f1": float(f)}
    p, r, f, s = precision_recall_fscore_support(truth, predicted, labels=RELATIONS, average=None, zero_division=0)
    out["perRelation"] = [{"precision": float(a), "recall": float(b), "f1": float(c), "support": int(d)} for a, b, c, d in zip(p, r, f, s)]
    return out


def case(truth, predicted):
    return {"truth": [int(t) for t in truth], "predicted": [int(p) for p in predicted], **scores(truth, predicted)}


cases = []
for n in (7, 20, 60, 200):
    truth = rng.integers(0, 5, n)
    # A noisy classifier: right most of the time, otherwise any label.
    predicted = np.where(rng.random(n) < 0.6, truth, rng.integers(0, 5, n))
    cases.append(case(truth, predicted))
cases.append(case([1, 2, 3, 0, 0, 1], [1, 2, 0, 0, 2, 1]))        # relation 3 never predicted, 4 absent
cases.append(case([1, 2, 3, 4], [0, 0, 0, 0]))                    # only no_relation predicted
cases.append(case([0, 0, 4, 3], [0, 0, 4, 3]))                    # perfect

path = os.path.join(os.path.dirname(__file__), "..", "Tests", "P07Tests", "Fixtures", "p07_relations.json")
with open(path, "w") as f:
    json.dump({"sklearn_version": importlib.metadata.version("scikit-learn"), "cases": cases}, f, sort_keys=True)
print(f"wrote {len(cases)} cases to {os.path.normpath(path)}")
