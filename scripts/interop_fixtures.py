#!/usr/bin/env python3
"""Writes the reference fixtures of Tests/InteropTests/Fixtures with the real tools.

    python3 -m venv /tmp/refenv && /tmp/refenv/bin/pip install torch torchvision numpy \
        transformers sentence-transformers efficientnet_lite_pytorch==0.1.0
    scripts/fetch-weights.sh
    /tmp/refenv/bin/python scripts/interop_fixtures.py

Outputs:
  checkpoint.pth / checkpoint_legacy.pth   small state dicts saved by torch.save (zip and legacy format):
                                           float32, float64, float16, bfloat16, int64, int32, a strided view, nesting
  forbidden.pth                            a legacy checkpoint whose pickle calls os.system (must be refused)
  checkpoint.json                          the tensors' shapes and values
  half.safetensors / half.json             float16 and bfloat16 tensors and their exact float32 values
  vision.json                              ImageNet logits of MobileNetV2 (torchvision) and EfficientNet-Lite0
                                           (efficientnet_lite_pytorch) on three scikit-image photos
  bert.json                                token ids (Hugging Face tokenizer) and sentence embeddings
                                           (sentence-transformers) of all-MiniLM-L6-v2
"""
import collections
import json
import os
import pickle
import struct

import numpy as np
import torch
import torch.nn.functional as F

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "Tests", "InteropTests", "Fixtures")
CACHE = os.path.join(os.environ.get("DEEP_LEARNING_CACHE", os.path.expanduser("~/.cache/deep-learning-course")), "weights")
torch.manual_seed(0)


def values(t):
    return [float(v) for v in t.detach().to(torch.float64).flatten().tolist()]


def checkpoints():
    base = torch.randn(4, 3)
    state = collections.OrderedDict()
    state["linear.weight"] = torch.randn(2, 3)
    state["linear.bias"] = torch.randn(2, dtype=torch.float64)
    state["half"] = torch.randn(5).half()
    state["bf16"] = torch.randn(3, 2).bfloat16()
    state["steps"] = torch.tensor([1, -2, 3_000_000_000], dtype=torch.int64)
    state["counts"] = torch.tensor([[7, -8]], dtype=torch.int32)
    state["scalar"] = torch.tensor(2.5)
    state["transposed"] = base.t()                  # a strided view of a shared storage
    state["row"] = base[1:3, 1:]                    # an offset view of the same storage
    nested = {"state_dict": state, "epoch": 3, "note": "fixture"}
    torch.save(nested, os.path.join(OUT, "checkpoint.pth"))
    torch.save(nested, os.path.join(OUT, "checkpoint_legacy.pth"), _use_new_zipfile_serialization=False)
    expected = {f"state_dict.{k}": {"shape": list(v.shape), "values": values(v)} for k, v in state.items()}
    with open(os.path.join(OUT, "checkpoint.json"), "w") as f:
        json.dump(expected, f, indent=1)

    class Forbidden:
        def __reduce__(self):
            return (os.system, ("echo this must never run",))

    with open(os.path.join(OUT, "forbidden.pth"), "wb") as f:
        for header in (0x1950A86A20F9469CFC6C, 1001, {"protocol_version": 1001, "little_endian": True}):
            pickle.dump(header, f, protocol=2)
        pickle.dump({"weight": Forbidden()}, f, protocol=2)


def half_safetensors():
    tensors = {"f16": torch.tensor([0.0, 1.0, -2.5, 65504.0, 6e-8, 1 / 3], dtype=torch.float16).reshape(2, 3),
               "bf16": torch.tensor([1.0, -3.140625, 1e30, 1e-30], dtype=torch.bfloat16)}
    header, body = {}, b""
    for name, t in tensors.items():
        raw = t.view(torch.int16).numpy().astype("<i2").tobytes()
        header[name] = {"dtype": "F16" if t.dtype == torch.float16 else "BF16", "shape": list(t.shape),
                        "data_offsets": [len(body), len(body) + len(raw)]}
        body += raw
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(os.path.join(OUT, "half.safetensors"), "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + body)
    with open(os.path.join(OUT, "half.json"), "w") as f:
        json.dump({k: {"shape": list(t.shape), "values": values(t)} for k, t in tensors.items()}, f, indent=1)


def photo(name):
    """The library's preprocessing: short side to 256 (bilinear, no antialiasing), centre crop 224, ImageNet normalisation."""
    from PIL import Image
    image = np.asarray(Image.open(os.path.join(CACHE, "photos", name + ".png")).convert("RGB"), dtype=np.float32) / 255
    x = torch.from_numpy(image).permute(2, 0, 1)[None]
    h, w = x.shape[2:]
    size = (256, int(256 * w / h)) if h <= w else (int(256 * h / w), 256)
    x = F.interpolate(x, size=size, mode="bilinear", align_corners=False, antialias=False)
    top, left = int(round((x.shape[2] - 224) / 2.0)), int(round((x.shape[3] - 224) / 2.0))
    x = x[:, :, top:top + 224, left:left + 224]
    mean = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
    std = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)
    return (x - mean) / std


def vision():
    import torchvision
    from efficientnet_lite_pytorch import EfficientNet
    mobilenet = torchvision.models.mobilenet_v2()
    mobilenet.load_state_dict(torch.load(os.path.join(CACHE, "mobilenet_v2-b0353104.pth")))
    lite = EfficientNet.from_name("efficientnet-lite0")
    lite.load_state_dict(torch.load(os.path.join(CACHE, "efficientnet-lite0-57934424.pth")))
    result = {"parameters": {"MobileNetV2": sum(p.numel() for p in mobilenet.parameters()),
                             "EfficientNetLite0": sum(p.numel() for p in lite.parameters())}, "photos": {}}
    for name in ["chelsea", "coffee", "astronaut"]:
        x = photo(name)
        entry = {"input_sum": float(x.double().sum()), "input_first": values(x[0, :, 0, :4])}
        for label, model in [("MobileNetV2", mobilenet), ("EfficientNetLite0", lite)]:
            with torch.no_grad():
                logits = model.eval()(x)[0]
            entry[label] = {"logits": values(logits), "top5": logits.topk(5).indices.tolist()}
        result["photos"][name] = entry
    with open(os.path.join(OUT, "vision.json"), "w") as f:
        json.dump(result, f)


SENTENCES = [
    "A cat sits on the mat.",
    "Hello, world! How are you doing today?",
    "The café served crème brûlée and a piña colada for €12.50.",
    "In 2024, 3.14159 people asked: why?!",
    "東京は日本の首都です。北京是中国的首都。",
    "Supercalifragilisticexpialidocious is long, but " + "pneumonoultramicroscopicsilicovolcanoconiosis" * 3 + " is longer.",
    "Don't split can't-won't; e-mail me at someone@example.com (maybe).",
    "Ünïcödé äccents ÀÉÎÕÜ and naïve façades.",
    "  Tabs\tand\nnew lines   and\u00a0odd spaces.\u200b ",
    "Deep learning models learn representations of data.",
]


def bert():
    from sentence_transformers import SentenceTransformer
    from transformers import BertModel
    folder = os.path.join(CACHE, "all-MiniLM-L6-v2")
    model = SentenceTransformer(folder, device="cpu")
    ids = [model.tokenizer(s)["input_ids"] for s in SENTENCES]
    embeddings = model.encode(SENTENCES, convert_to_numpy=True, batch_size=len(SENTENCES))
    bert_model = BertModel.from_pretrained(folder).eval()
    with torch.no_grad():
        pooled = bert_model(**model.tokenizer(SENTENCES[:2], padding=True, return_tensors="pt")).pooler_output
    with open(os.path.join(OUT, "bert.json"), "w") as f:
        json.dump({"sentences": SENTENCES, "ids": ids, "embeddings": [[float(v) for v in row] for row in embeddings],
                   "pooled": [values(row) for row in pooled]}, f)


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    checkpoints()
    half_safetensors()
    vision()
    bert()
