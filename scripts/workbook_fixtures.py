"""Writing reference fixtures in the Workbook's format, for the lesson fixture scripts.

One JSON file per exercise: {"key": {"shape": [...], "data": [...], "dtype": "float64"}}
(read in Swift by `ReferenceFixture.load`). Used by Tests/M0?Tests/Fixtures/generate_fixtures.py.
"""
import json
import pathlib

import torch


def entry(value, dtype="float64"):
    """A tensor, a number or a list of numbers as one fixture entry."""
    t = torch.as_tensor(value).detach()
    if t.dtype in (torch.int64, torch.int32, torch.bool):
        dtype = "int64"
    return {"shape": list(t.shape), "data": [float(v) for v in t.reshape(-1).tolist()], "dtype": dtype}


def writer(folder):
    """A `write(name, **entries)` that saves `folder/name.json`."""
    folder = pathlib.Path(folder)

    def write(name, **entries):
        path = folder / f"{name}.json"
        path.write_text(json.dumps({k: entry(v) for k, v in entries.items()}))
        print(f"wrote {path.name} ({path.stat().st_size} bytes)")

    return write
