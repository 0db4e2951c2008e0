#!/usr/bin/env python3
"""PyTorch reference values for the convolution, pooling, upsampling and RoIAlign ops.

Regenerate from the repository root (needs torch; CI never runs this):

    python3 Tests/TensorsTests/Fixtures/generate_conv_fixtures.py

It writes Tests/TensorsTests/Fixtures/conv_fixtures.json in the schema of
torch_reference.json (see generate_fixtures.py): per case the op and its
arguments, seeded inputs, the output, an upstream gradient and PyTorch's
gradients. Cases are computed in float64 (17 significant digits);
ConvFixtureTests.swift replays each in float64 (tight tolerance) and again in
float32 against the same numbers (float32 tolerance).

RoIAlign: torchvision is not installed here, so `roi_align_reference` below
transcribes torchvision's CPU kernel (roi_align_kernel.cpp) in the input's
floating-point type and lets torch's autograd produce its gradient. When
torchvision is importable the script first checks the transcription against
torchvision.ops.roi_align, in float32 and float64.
"""
import json
import os

import numpy as np
import torch
import torch.nn.functional as F

torch.manual_seed(0)
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "conv_fixtures.json")


def encode(t, requires_grad=None):
    entry = {"dtype": "float64", "shape": list(t.shape), "values": [float("%.17g" % v) for v in t.detach().reshape(-1).tolist()]}
    if requires_grad is not None:
        entry["requiresGrad"] = requires_grad
    return entry


def randn(*shape):
    return torch.randn(shape, dtype=torch.float64)


def distinct(*shape):
    """Random values that are all different (gaps of 1/n), so max pooling has no ties."""
    n = int(np.prod(shape))
    return ((torch.randperm(n).to(torch.float64) - n / 2) / n).reshape(shape)


cases = []
# Per-dimension arguments: always written as lists (one value stands for every dimension).
SPATIAL_ARGS = {"stride", "padding", "dilation", "outputPadding", "kernel", "outputSize", "size"}


def add_case(name, op, args, inputs, fn, differentiable):
    """Runs fn on `inputs` (name -> tensor, in fn's argument order), backpropagates a seeded
    upstream gradient into the inputs named in `differentiable`, and records everything."""
    ts = {k: v.clone().requires_grad_(k in differentiable) for k, v in inputs.items()}
    out = fn(*ts.values())
    upstream = randn(*out.shape)
    out.backward(upstream)
    cases.append({
        "name": name, "op": op, "dtype": "float64",
        "args": {k: ([v] if k in SPATIAL_ARGS and not isinstance(v, list) else v) for k, v in args.items()},
        "inputs": [encode(t, t.requires_grad) for t in ts.values()],
        "output": encode(out),
        "upstream": encode(upstream)["values"],
        "grads": [encode(t.grad) if t.requires_grad else None for t in ts.values()],
    })


# ---- convolution -----------------------------------------------------------------

def conv_case(name, rank, x_shape, w_shape, bias=True, stride=1, padding=0, dilation=1, groups=1):
    conv = [F.conv1d, F.conv2d, F.conv3d][rank - 1]
    inputs = {"x": randn(*x_shape), "w": randn(*w_shape)}
    if bias:
        inputs["b"] = randn(w_shape[0])
    params = {"rank": rank, "stride": stride, "padding": padding, "dilation": dilation, "groups": groups}
    add_case(name, "conv", params, inputs,
             lambda x, w, b=None: conv(x, w, b, stride=stride, padding=padding, dilation=dilation, groups=groups),
             list(inputs))


conv_case("conv2d 3x3 padding 1 with bias", 2, (2, 3, 7, 6), (4, 3, 3, 3), padding=1)
conv_case("conv2d stride 2, rectangular kernel and padding", 2, (2, 3, 8, 7), (5, 3, 3, 2), stride=2, padding=[1, 2])
conv_case("conv2d dilation 2, groups 2", 2, (2, 4, 9, 8), (6, 2, 3, 3), padding=2, dilation=2, groups=2)
conv_case("conv2d depthwise, stride 2, no bias", 2, (1, 4, 7, 7), (8, 1, 3, 3), bias=False, stride=2, padding=1, groups=4)
conv_case("conv2d stride [2, 1], 1x1 kernel", 2, (3, 5, 6, 5), (2, 5, 1, 1), stride=[2, 1])
conv_case("conv1d stride 2, dilation 2", 1, (2, 3, 11), (4, 3, 3), stride=2, padding=1, dilation=2)
conv_case("conv3d stride [1, 2, 1], padding 1", 3, (2, 2, 4, 5, 4), (3, 2, 2, 3, 2), stride=[1, 2, 1], padding=1)


def conv_transpose_case(name, rank, x_shape, w_shape, bias=True, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    conv = [F.conv_transpose1d, F.conv_transpose2d, F.conv_transpose3d][rank - 1]
    inputs = {"x": randn(*x_shape), "w": randn(*w_shape)}
    if bias:
        inputs["b"] = randn(w_shape[1] * groups)
    params = {"rank": rank, "stride": stride, "padding": padding, "outputPadding": output_padding,
              "groups": groups, "dilation": dilation}
    add_case(name, "convTranspose", params, inputs,
             lambda x, w, b=None: conv(x, w, b, stride=stride, padding=padding, output_padding=output_padding,
                                       groups=groups, dilation=dilation),
             list(inputs))


conv_transpose_case("convTranspose2d stride 2, padding 1, outputPadding 1", 2, (2, 4, 4, 5), (4, 3, 3, 3),
                    stride=2, padding=1, output_padding=1)
conv_transpose_case("convTranspose2d groups 2, dilation 2, no bias", 2, (1, 4, 3, 4), (4, 2, 3, 2), bias=False,
                    stride=[2, 1], padding=[0, 1], groups=2, dilation=2)
conv_transpose_case("convTranspose2d 2x2 stride 2 (U-Net up)", 2, (2, 3, 3, 3), (3, 2, 2, 2), stride=2)
conv_transpose_case("convTranspose1d stride 3", 1, (2, 2, 5), (2, 3, 4), stride=3, padding=1, output_padding=2)
conv_transpose_case("convTranspose3d stride 2", 3, (1, 2, 2, 3, 2), (2, 2, 2, 2, 3), stride=2, padding=[0, 0, 1])

# ---- pooling -----------------------------------------------------------------------


def max_pool_case(name, rank, x_shape, kernel, stride=None, padding=0, dilation=1, ceil_mode=False):
    pool = [F.max_pool1d, F.max_pool2d, F.max_pool3d][rank - 1]
    params = {"rank": rank, "kernel": kernel, "stride": stride if stride is not None else kernel, "padding": padding,
              "dilation": dilation, "ceilMode": ceil_mode}
    add_case(name, "maxPool", params, {"x": distinct(*x_shape)},
             lambda x: pool(x, kernel, stride, padding, dilation, ceil_mode), ["x"])


max_pool_case("maxPool2d 2x2", 2, (2, 3, 6, 6), 2)
max_pool_case("maxPool2d 3x3 stride 2 padding 1", 2, (2, 2, 7, 6), 3, 2, 1)
max_pool_case("maxPool2d dilation 2, ceil mode", 2, (1, 2, 8, 9), [3, 2], [2, 2], [1, 0], 2, True)
max_pool_case("maxPool2d kernel [2, 1] (CRNN)", 2, (1, 2, 6, 5), [2, 1], [2, 1])
max_pool_case("maxPool1d", 1, (2, 3, 9), 3, 2, 1)
max_pool_case("maxPool3d 2x2x2", 3, (1, 2, 4, 4, 6), 2)
max_pool_case("maxPool3d 3 stride 2 padding 1 ceil", 3, (1, 1, 5, 6, 5), 3, 2, 1, 1, True)


def avg_pool_case(name, rank, x_shape, kernel, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
                  divisor_override=None):
    params = {"rank": rank, "kernel": kernel, "stride": stride if stride is not None else kernel, "padding": padding,
              "ceilMode": ceil_mode, "countIncludePad": count_include_pad}
    if divisor_override is not None:
        params["divisorOverride"] = divisor_override
    if rank == 1:
        fn = lambda x: F.avg_pool1d(x, kernel, stride, padding, ceil_mode, count_include_pad)
    else:
        pool = F.avg_pool2d if rank == 2 else F.avg_pool3d
        fn = lambda x: pool(x, kernel, stride, padding, ceil_mode, count_include_pad, divisor_override)
    add_case(name, "avgPool", params, {"x": randn(*x_shape)}, fn, ["x"])


avg_pool_case("avgPool2d 2x2", 2, (2, 3, 6, 6), 2)
avg_pool_case("avgPool2d 3x3 stride 2 padding 1 (count pad)", 2, (2, 2, 7, 6), 3, 2, 1)
avg_pool_case("avgPool2d 3x3 stride 2 padding 1 (exclude pad)", 2, (2, 2, 7, 6), 3, 2, 1, count_include_pad=False)
avg_pool_case("avgPool2d ceil mode", 2, (1, 2, 7, 8), [3, 2], [2, 3], [1, 1], ceil_mode=True)
avg_pool_case("avgPool2d ceil mode, exclude pad", 2, (1, 2, 7, 8), 3, 2, 1, ceil_mode=True, count_include_pad=False)
avg_pool_case("avgPool2d divisor override", 2, (1, 2, 5, 5), 2, 1, 1, divisor_override=3)
avg_pool_case("avgPool1d", 1, (2, 2, 9), 3, 2, 1)
avg_pool_case("avgPool3d 2x2x2 padding 1", 3, (1, 2, 4, 5, 3), 2, 2, 1)


def adaptive_case(name, rank, x_shape, size):
    pool = [F.adaptive_avg_pool1d, F.adaptive_avg_pool2d, F.adaptive_avg_pool3d][rank - 1]
    add_case(name, "adaptiveAvgPool", {"rank": rank, "outputSize": size}, {"x": randn(*x_shape)},
             lambda x: pool(x, size), ["x"])


adaptive_case("adaptiveAvgPool2d 7x5 -> 3x2", 2, (2, 3, 7, 5), [3, 2])
adaptive_case("adaptiveAvgPool2d 6x6 -> 4x4 (overlapping)", 2, (1, 2, 6, 6), 4)
adaptive_case("adaptiveAvgPool2d 3x4 -> 5x6 (upsampling)", 2, (1, 2, 3, 4), [5, 6])
adaptive_case("adaptiveAvgPool2d global", 2, (2, 3, 5, 4), 1)
adaptive_case("adaptiveAvgPool1d", 1, (2, 2, 10), 4)
adaptive_case("adaptiveAvgPool3d", 3, (1, 2, 5, 4, 6), [2, 3, 4])

# ---- upsampling ----------------------------------------------------------------------


def upsample_case(name, x_shape, mode, size=None, scale=None, align_corners=None):
    params = {"mode": mode, "alignCorners": bool(align_corners)}
    if size is not None:
        params["size"] = size
    if scale is not None:
        params["scale"] = scale
    add_case(name, "upsample", params, {"x": randn(*x_shape)},
             lambda x: F.interpolate(x, size=size, scale_factor=scale, mode=mode, align_corners=align_corners), ["x"])


upsample_case("nearest 2x", (2, 2, 3, 4), "nearest", scale=2.0)
upsample_case("nearest to size 5x7", (1, 2, 3, 4), "nearest", size=[5, 7])
upsample_case("nearest downsample to 3x2", (1, 2, 7, 5), "nearest", size=[3, 2])
upsample_case("nearest scale 1.5", (1, 2, 4, 5), "nearest", scale=1.5)
upsample_case("nearest 1-D scale 3", (2, 2, 4), "nearest", scale=3.0)
upsample_case("nearest 3-D 2x", (1, 2, 2, 3, 2), "nearest", scale=2.0)
upsample_case("bilinear 2x, alignCorners false", (2, 2, 3, 4), "bilinear", scale=2.0, align_corners=False)
upsample_case("bilinear 2x, alignCorners true", (2, 2, 3, 4), "bilinear", scale=2.0, align_corners=True)
upsample_case("bilinear to 5x7, alignCorners false", (1, 2, 3, 4), "bilinear", size=[5, 7], align_corners=False)
upsample_case("bilinear to 5x7, alignCorners true", (1, 2, 3, 4), "bilinear", size=[5, 7], align_corners=True)
upsample_case("bilinear scale 1.7", (1, 2, 4, 5), "bilinear", scale=1.7, align_corners=False)
upsample_case("bilinear downsample to 3x4", (1, 2, 7, 9), "bilinear", size=[3, 4], align_corners=False)

# ---- RoIAlign ------------------------------------------------------------------------------


def roi_align_reference(x, boxes, output_size, spatial_scale, sampling_ratio, aligned):
    """torchvision's roi_align CPU kernel, transcribed, with its arithmetic in x's type."""
    f = np.float32 if x.dtype == torch.float32 else np.float64
    ph_n, pw_n = output_size
    _, channels, height, width = x.shape
    out = []
    for row in boxes.tolist():
        b = int(row[0])
        offset = 0.5 if aligned else 0.0
        x1, y1, x2, y2 = (f(v * spatial_scale - offset) for v in row[1:])
        roi_w, roi_h = f(x2 - x1), f(y2 - y1)
        if not aligned:
            roi_w, roi_h = max(roi_w, f(1)), max(roi_h, f(1))
        bin_h, bin_w = f(roi_h / f(ph_n)), f(roi_w / f(pw_n))
        grid_h = sampling_ratio if sampling_ratio > 0 else int(np.ceil(f(roi_h / f(ph_n))))
        grid_w = sampling_ratio if sampling_ratio > 0 else int(np.ceil(f(roi_w / f(pw_n))))
        count = f(max(grid_h * grid_w, 1))
        bins = []
        for ph in range(ph_n):
            for pw in range(pw_n):
                acc = torch.zeros(channels, dtype=x.dtype)
                for iy in range(max(grid_h, 0)):
                    yy = f(y1 + f(ph) * bin_h + f(f(iy + 0.5) * bin_h) / f(grid_h))
                    for ix in range(max(grid_w, 0)):
                        xx = f(x1 + f(pw) * bin_w + f(f(ix + 0.5) * bin_w) / f(grid_w))
                        if yy < -1.0 or yy > height or xx < -1.0 or xx > width:
                            continue
                        yy_, xx_ = max(yy, f(0)), max(xx, f(0))
                        y_low, x_low = int(yy_), int(xx_)
                        if y_low >= height - 1:
                            y_low = y_high = height - 1
                            yy_ = f(y_low)
                        else:
                            y_high = y_low + 1
                        if x_low >= width - 1:
                            x_low = x_high = width - 1
                            xx_ = f(x_low)
                        else:
                            x_high = x_low + 1
                        ly, lx = f(yy_ - y_low), f(xx_ - x_low)
                        hy, hx = f(1) - ly, f(1) - lx
                        acc = acc + (float(hy * hx) * x[b, :, y_low, x_low] + float(hy * lx) * x[b, :, y_low, x_high]
                                     + float(ly * hx) * x[b, :, y_high, x_low] + float(ly * lx) * x[b, :, y_high, x_high])
                bins.append(acc / float(count))
        out.append(torch.stack(bins, dim=1).reshape(channels, ph_n, pw_n))
    return torch.stack(out)


def roi_case(name, x_shape, boxes, output_size, spatial_scale, sampling_ratio, aligned):
    boxes = torch.tensor(boxes, dtype=torch.float64)
    params = {"outputSize": output_size, "spatialScale": spatial_scale, "samplingRatio": sampling_ratio,
              "aligned": aligned}
    x = randn(*x_shape)
    try:
        from torchvision.ops import roi_align
        for dtype in (torch.float32, torch.float64):
            xt, bt = x.to(dtype), boxes.to(dtype)
            expected = roi_align(xt, bt, output_size, spatial_scale, sampling_ratio, aligned)
            got = roi_align_reference(xt, bt, output_size, spatial_scale, sampling_ratio, aligned)
            assert torch.allclose(expected, got, atol=1e-6), name
    except ImportError:
        pass
    add_case(name, "roiAlign", params, {"x": x, "boxes": boxes},
             lambda x, boxes: roi_align_reference(x, boxes, output_size, spatial_scale, sampling_ratio, aligned), ["x"])


ROI_BOXES = [[0, 1.0, 1.5, 9.0, 7.0], [1, 0.0, 0.0, 15.5, 15.5], [0, 6.3, 2.2, 8.1, 3.0],
             [1, -3.0, 10.0, 4.0, 19.0], [1, 12.0, 4.0, 11.0, 5.0]]
roi_case("roiAlign adaptive sampling, not aligned", (2, 3, 8, 8), ROI_BOXES, [3, 3], 0.5, -1, False)
roi_case("roiAlign adaptive sampling, aligned", (2, 3, 8, 8), ROI_BOXES, [3, 3], 0.5, 0, True)
roi_case("roiAlign sampling 2, 2x4 bins", (2, 2, 8, 9), ROI_BOXES, [2, 4], 0.5, 2, False)
roi_case("roiAlign scale 1, aligned, sampling 3", (2, 2, 10, 10), ROI_BOXES, [2, 2], 1.0, 3, True)

with open(OUT, "w") as f:
    json.dump({"generator": "Tests/TensorsTests/Fixtures/generate_conv_fixtures.py", "torch": torch.__version__,
               "cases": cases}, f, separators=(",", ":"))
print(f"wrote {len(cases)} cases, {os.path.getsize(OUT)} bytes to {OUT}")
