"""Regenerates the reference fixtures of WorkbookTests with PyTorch.

Run from the repository root:  python3 Tests/WorkbookTests/Fixtures/make_fixtures.py
Writes Tests/WorkbookTests/Fixtures/softmax.json in the ReferenceFixture format
({"name": {"shape": [...], "data": [...], "dtype": "..."}}).
"""
import json
import os

import torch

torch.manual_seed(0)
x = torch.randn(2, 3, dtype=torch.float64)
y = torch.softmax(x, dim=1)
fixture = {
    "x": {"shape": list(x.shape), "data": x.flatten().tolist(), "dtype": "float64"},
    "y": {"shape": list(y.shape), "data": y.flatten().tolist(), "dtype": "float64"},
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "softmax.json")
with open(path, "w") as f:
    json.dump(fixture, f, indent=1)
print("wrote", path)
