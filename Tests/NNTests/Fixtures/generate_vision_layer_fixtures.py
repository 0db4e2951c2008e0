"""Regenerates the PyTorch reference values for the convolution, pooling and
normalisation layers (ConvLayerTests and ConvNormLayerTests).

    cd Tests/NNTests/Fixtures
    python3 generate_vision_layer_fixtures.py        # needs torch

Writes vision_layers.json next to this script: for every case the layer's
parameters, an input x, the output y, an upstream gradient and the gradients of
sum(y * upstream) with respect to x and every parameter; batch norm cases also
hold the running statistics after the step and an evaluation-mode output.
The layer configurations are repeated in the Swift tests (see the comment of each case).

Fixtures are small on purpose; CI never runs this script (no torch there).
"""
import json
import os

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
torch.manual_seed(0)


def tensor(t):
    return {"shape": list(t.shape), "values": [float(v) for v in t.detach().reshape(-1).tolist()]}


def randn(*shape):
    return torch.randn(*shape, dtype=torch.float32)


def randomize(module):
    """Replaces every parameter by N(0, 1) values so a mistake in any of them shows."""
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(randn(*p.shape))
    return module


def case(module, x):
    """Forward and backward of sum(y * upstream); the record of everything needed to compare."""
    x = x.clone().requires_grad_(True)
    y = module(x)
    upstream = randn(*y.shape)
    (y * upstream).sum().backward()
    record = {"x": tensor(x), "y": tensor(y), "upstream": tensor(upstream), "dx": tensor(x.grad)}
    for name, p in module.named_parameters():
        record[name] = tensor(p)
        record["d" + name] = tensor(p.grad)
    return record


def batch_norm_case(module, x, x_eval):
    randomize(module).train()
    record = case(module, x)
    record["running_mean"] = tensor(module.running_mean)
    record["running_var"] = tensor(module.running_var)
    module.eval()
    record["x_eval"] = tensor(x_eval)
    record["y_eval"] = tensor(module(x_eval))
    return record


def main():
    out = {
        # Conv2d(4, 6, kernelSize: [3, 2], stride: 2, padding: [1, 0], groups: 2)
        "conv2d": case(randomize(nn.Conv2d(4, 6, (3, 2), stride=2, padding=(1, 0), groups=2)), randn(2, 4, 7, 6)),
        # Conv2d(3, 4, kernelSize: 3, padding: 2, dilation: 2, bias: false)
        "conv2d_dilated": case(randomize(nn.Conv2d(3, 4, 3, padding=2, dilation=2, bias=False)), randn(2, 3, 6, 6)),
        # Conv1d(3, 4, kernelSize: 3, stride: 2, padding: 1)
        "conv1d": case(randomize(nn.Conv1d(3, 4, 3, stride=2, padding=1)), randn(2, 3, 9)),
        # Conv3d(2, 3, kernelSize: 3, stride: [1, 2, 2], padding: 1)
        "conv3d": case(randomize(nn.Conv3d(2, 3, 3, stride=(1, 2, 2), padding=1)), randn(1, 2, 4, 5, 5)),
        # ConvTranspose2d(4, 6, kernelSize: 3, stride: 2, padding: 1, outputPadding: 1, groups: 2)
        "conv_transpose2d": case(randomize(nn.ConvTranspose2d(4, 6, 3, stride=2, padding=1, output_padding=1, groups=2)),
                                 randn(2, 4, 4, 4)),
        # BatchNorm2d(3), training step then evaluation
        "batchnorm2d": batch_norm_case(nn.BatchNorm2d(3), randn(4, 3, 5, 5) * 2 + 1, randn(2, 3, 5, 5)),
        # BatchNorm3d(3)
        "batchnorm3d": batch_norm_case(nn.BatchNorm3d(3), randn(2, 3, 3, 4, 4) * 3 - 2, randn(1, 3, 3, 4, 4)),
        # GroupNorm(2, 6)
        "groupnorm": case(randomize(nn.GroupNorm(2, 6)), randn(2, 6, 4, 4) * 3 + 2),
        # InstanceNorm2d(3, affine: true)
        "instancenorm2d_affine": case(randomize(nn.InstanceNorm2d(3, affine=True)), randn(2, 3, 5, 5) * 2 - 1),
        # InstanceNorm2d(3)
        "instancenorm2d": case(nn.InstanceNorm2d(3), randn(2, 3, 4, 4)),
        # MaxPool2d(3, stride: 2, padding: 1)
        "maxpool2d": case(nn.MaxPool2d(3, stride=2, padding=1), randn(2, 3, 7, 7)),
        # AvgPool2d(3, stride: 2, padding: 1, countIncludePad: false)
        "avgpool2d": case(nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False), randn(2, 3, 7, 7)),
        # AdaptiveAvgPool2d([3, 2])
        "adaptive_avgpool2d": case(nn.AdaptiveAvgPool2d((3, 2)), randn(2, 3, 7, 5)),
        # Upsample(scaleFactor: 2, mode: .bilinear)
        "upsample_bilinear": case(nn.Upsample(scale_factor=2, mode="bilinear", align_corners=False), randn(1, 2, 3, 4)),
    }
    with open(os.path.join(HERE, "vision_layers.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
