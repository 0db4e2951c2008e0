#!/usr/bin/env python3
"""PyTorch's own post-training int8 MobileNetV2 measured as `bench --int8-pretrained` measures ours.

The same torchvision ImageNet weights, the same calibration and evaluation images (the names
`bench --split-out` wrote), the same preprocessing (resize the short side to 256 bilinearly,
centre crop 224, grey copied to RGB, ImageNet mean and standard deviation). PyTorch quantizes
with FX graph mode and the x86 backend, each observer setting in turn:

- `default`: `get_default_qconfig_mapping("x86")`, a HistogramObserver for activations
  (reduce_range) and per-channel symmetric weights, what PyTorch's quantization tutorial uses;
- `min-max`: the same with MinMaxObserver activations, like our min-max (also with
  reduce_range, 7-bit activations, which the x86 kernels need to avoid overflowing their 16-bit
  intermediate sums);
- `onednn`: the oneDNN backend's default (`get_default_qconfig_mapping("onednn")`), whose VNNI
  kernels take full 8-bit activations: a HistogramObserver without reduce_range.

Prints one JSON line per setting: top-1 agreement of int8 with float, and how often the int8
top-1 is in the float top-5.

    swift run -c release bench --int8-pretrained mobilenetv2 --split-out /tmp/split.json
    python3 scripts/int8_agreement_pytorch.py --split /tmp/split.json    # pip install torch torchvision
"""
import argparse
import json
import os
import warnings

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

CACHE = os.environ.get("DEEP_LEARNING_CACHE", os.path.expanduser("~/.cache/deep-learning-course"))
WEIGHTS = os.path.join(CACHE, "weights")


def imagenet_batch(names):
    """[N, 3, 224, 224]: the preprocessing of the library's `imageNetInput`."""
    tensors = []
    for name in names:
        grey = np.asarray(Image.open(os.path.join(WEIGHTS, "elpv", name)).convert("L"), dtype=np.float32) / 255
        x = torch.from_numpy(grey)[None, None].repeat(1, 3, 1, 1)
        h, w = x.shape[2:]
        size = (256, int(256 * w / h)) if h <= w else (int(256 * h / w), 256)
        x = F.interpolate(x, size=size, mode="bilinear", align_corners=False)
        top, left = (x.shape[2] - 224) // 2, (x.shape[3] - 224) // 2
        x = x[:, :, top:top + 224, left:left + 224]
        mean = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
        std = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)
        tensors.append((x - mean) / std)
    return torch.cat(tensors)


def qconfig_mapping(setting):
    from torch.ao.quantization import QConfig, QConfigMapping, get_default_qconfig_mapping
    from torch.ao.quantization.observer import MinMaxObserver, PerChannelMinMaxObserver
    if setting == "default":
        return get_default_qconfig_mapping("x86")
    if setting == "onednn":
        return get_default_qconfig_mapping("onednn")
    qconfig = QConfig(
        activation=MinMaxObserver.with_args(dtype=torch.quint8, reduce_range=True),
        weight=PerChannelMinMaxObserver.with_args(dtype=torch.qint8, qscheme=torch.per_channel_symmetric))
    return QConfigMapping().set_global(qconfig)


def main():
    import torchvision
    from torch.ao.quantization.quantize_fx import convert_fx, prepare_fx
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", required=True, help="the JSON `bench --split-out` wrote")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    warnings.filterwarnings("ignore")  # torch.ao.quantization's deprecation notices
    torch.set_num_threads(args.threads)
    split = json.load(open(args.split))

    model = torchvision.models.mobilenet_v2()
    model.load_state_dict(torch.load(os.path.join(WEIGHTS, "mobilenet_v2-b0353104.pth"), map_location="cpu"))
    model.eval()
    calibration = [imagenet_batch(split["calibration"][i:i + 32]) for i in range(0, len(split["calibration"]), 32)]
    evaluation = [imagenet_batch(split["evaluation"][i:i + 32]) for i in range(0, len(split["evaluation"]), 32)]
    with torch.no_grad():
        float_logits = torch.cat([model(x) for x in evaluation])

    for setting in ["default", "min-max", "onednn"]:
        torch.backends.quantized.engine = "onednn" if setting == "onednn" else "x86"
        prepared = prepare_fx(model, qconfig_mapping(setting), example_inputs=(calibration[0][:1],))
        with torch.no_grad():
            for x in calibration:
                prepared(x)
            quantized = convert_fx(prepared)
            int8_logits = torch.cat([quantized(x) for x in evaluation])
        top1 = int8_logits.argmax(1)
        agreement = (top1 == float_logits.argmax(1)).float().mean().item()
        in_top5 = (float_logits.topk(5, dim=1).indices == top1[:, None]).any(1).float().mean().item()
        print(json.dumps({
            "framework": "pytorch", "torch": torch.__version__, "model": "mobilenetv2", "observer": setting,
            "images": len(top1), "agreement": round(agreement, 4), "int8_top1_in_float_top5": round(in_top5, 4)}))


if __name__ == "__main__":
    main()
