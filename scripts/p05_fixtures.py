#!/usr/bin/env python3
"""Reference values for P05's tests, from nibabel and MONAI.

Run with the reference environment:  /tmp/refenv/bin/python scripts/p05_fixtures.py
Writes small NIfTI files and JSON under Tests/P05Tests/Fixtures/ (committed; CI never runs this).
"""
import json
import os

import nibabel as nib
import numpy as np
import torch
from monai.data.utils import compute_importance_map
from monai.inferers import sliding_window_inference
from monai.losses import DiceLoss
from monai.metrics import DiceMetric, compute_hausdorff_distance
from monai.transforms import Orientation, Spacing

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "P05Tests", "Fixtures")
os.makedirs(OUT, exist_ok=True)
rng = np.random.default_rng(5)


def flat(a):
    """Values in NIfTI order, x fastest (numpy's Fortran order)."""
    return [float(v) for v in np.asarray(a, dtype=np.float64).ravel(order="F")]


def nifti_cases():
    """Files in every common datatype, both byte orders, and each of nibabel's affine sources."""
    cases = []
    shape = (4, 3, 2)
    rotation = nib.quaternions.angle_axis2mat(0.4, [0.2, 0.5, 1.0])
    rotated = np.eye(4)
    rotated[:3, :3] = rotation @ np.diag([1.5, 2.0, 2.5])
    rotated[:3, 3] = [-10.0, 20.5, 3.25]
    specs = [
        ("uint8_sform.nii.gz", np.uint8, "<", "sform"),
        ("int16_scaled_qform.nii", np.int16, "<", "qform"),
        ("int16_bigendian.nii", np.int16, ">", "both"),
        ("float32_both.nii.gz", np.float32, "<", "both"),
        ("float64_none.nii", np.float64, "<", "none"),
        ("int8.nii", np.int8, "<", "sform"),
        ("uint16.nii", np.uint16, "<", "sform"),
        ("int32.nii", np.int32, "<", "sform"),
        ("uint32.nii", np.uint32, "<", "sform"),
        ("int64.nii", np.int64, "<", "sform"),
        ("uint64.nii", np.uint64, "<", "sform"),
    ]
    for name, dtype, order, source in specs:
        if np.issubdtype(dtype, np.integer):
            info = np.iinfo(dtype)
            data = rng.integers(max(info.min, -1000), min(info.max, 1000), size=shape, endpoint=True).astype(dtype)
        else:
            data = rng.normal(size=shape).astype(dtype)
        header = nib.Nifti1Header(endianness=order)
        header.set_data_dtype(dtype)
        image = nib.Nifti1Image(data, None, header)
        image.header.set_zooms((1.5, 2.0, 2.5))
        if source in ("sform", "both"):
            image.header.set_sform(rotated if source == "sform" else np.diag([1.5, 2.0, 2.5, 1.0]), code=4 if source == "sform" else 2)
        else:
            image.header.set_sform(np.eye(4), code=0)
        if source in ("qform", "both"):
            flipped = rotated @ np.diag([1.0, 1.0, -1.0, 1.0])   # left-handed: qfac = -1
            image.header.set_qform(flipped, code=1)
        else:
            image.header.set_qform(np.eye(4), code=0)
        if name == "int16_scaled_qform.nii":
            image.header.set_slope_inter(0.5, 10.0)
        path = os.path.join(OUT, name)
        nib.save(image, path)
        back = nib.load(path)
        h = back.header
        slope, inter = h.get_slope_inter()
        cases.append({
            "file": name,
            "shape": list(back.shape),
            "datatype": int(h["datatype"]),
            "affine": back.affine.tolist(),
            "zooms": [float(z) for z in h.get_zooms()],
            "qformCode": int(h["qform_code"]),
            "sformCode": int(h["sform_code"]),
            "slope": None if slope is None else float(slope),
            "intercept": None if inter is None else float(inter),
            "data": flat(back.get_fdata()),
        })
    return cases


def orientation_spacing():
    """MONAI Orientation("RAS") then Spacing(2 mm): trilinear for the image, nearest for a label."""
    shape = (7, 6, 5)
    image = rng.normal(size=shape).astype(np.float32)
    label = (rng.random(size=shape) > 0.6).astype(np.float32)
    affine = np.array([[-1.5, 0, 0, 30.0], [0, 0, 1.2, -20.0], [0, -1.0, 0, 15.0], [0, 0, 0, 1]])
    from monai.data import MetaTensor
    out = {"shape": list(shape), "affine": affine.tolist(), "image": flat(image), "label": flat(label)}
    for key, values, mode in (("image", image, "bilinear"), ("label", label, "nearest")):
        t = MetaTensor(torch.from_numpy(values)[None], affine=torch.from_numpy(affine))
        t = Orientation(axcodes="RAS")(t)
        out[key + "RAS"] = flat(t[0].numpy())
        out["shapeRAS"] = list(t.shape[1:])
        out["affineRAS"] = t.affine.numpy().tolist()
        t = Spacing(pixdim=(2.0, 2.0, 2.0), mode=mode, padding_mode="border")(t)
        out[key + "Spaced"] = flat(t[0].numpy())
        out["shapeSpaced"] = list(t.shape[1:])
        out["affineSpaced"] = t.affine.numpy().tolist()
    return out


def dice():
    """DiceLoss (per batch item and channel, smoothing, background in or out) and DiceMetric (empty rules)."""
    logits = torch.from_numpy(rng.normal(size=(2, 3, 4, 5, 3)).astype(np.float64))
    probabilities = torch.softmax(logits, dim=1)
    labels = torch.from_numpy(rng.integers(0, 3, size=(2, 1, 4, 5, 3)))
    labels[1][labels[1] == 2] = 0   # class 2 absent from the second item
    out = {"probabilities": probabilities.flatten().tolist(), "labels": labels.flatten().tolist(), "shape": [2, 3, 4, 5, 3]}
    for name, kwargs in (("loss", {}), ("lossNoBackground", {"include_background": False}), ("lossBatch", {"batch": True})):
        loss = DiceLoss(to_onehot_y=True, smooth_nr=1e-5, smooth_dr=1e-5, **kwargs)(probabilities, labels)
        out[name] = float(loss)
    p = probabilities[:1, 1:2].clone().requires_grad_(True)
    t = (labels[:1] == 1).double()
    loss = DiceLoss()(p, t)
    loss.backward()
    out["singleChannel"] = {"p": p.detach().flatten().tolist(), "t": t.flatten().tolist(), "loss": float(loss), "gradient": p.grad.flatten().tolist()}
    prediction = torch.nn.functional.one_hot(probabilities.argmax(1), 3).permute(0, 4, 1, 2, 3)
    truth = torch.nn.functional.one_hot(labels[:, 0], 3).permute(0, 4, 1, 2, 3)
    metric = DiceMetric(include_background=False, reduction="none", ignore_empty=True)
    out["metric"] = [[None if np.isnan(v) else float(v) for v in row] for row in metric(prediction, truth).tolist()]
    out["prediction"] = probabilities.argmax(1).flatten().tolist()
    return out


def importance_and_windows():
    """compute_importance_map (Gaussian, σ = 0.125·roi) and sliding_window_inference, overlap 0.25."""
    out = {"importance": {}}
    for size in ((6, 5, 4), (8, 8, 8), (3, 7, 2)):
        m = compute_importance_map(size, mode="gaussian", sigma_scale=0.125, device="cpu")
        out["importance"]["x".join(map(str, size))] = m.flatten().tolist()
    volume = torch.from_numpy(rng.normal(size=(1, 1, 10, 9, 11)).astype(np.float32))
    small = torch.from_numpy(rng.normal(size=(1, 1, 3, 9, 11)).astype(np.float32))

    def network(x):   # depends on the window, so that blending matters: x times the window's mean, and a second channel
        m = x.mean(dim=(2, 3, 4), keepdim=True)
        return torch.cat([x * m, x - m], dim=1)

    out["volume"] = volume.flatten().tolist()
    out["small"] = small.flatten().tolist()
    for mode in ("constant", "gaussian"):
        y = sliding_window_inference(volume, (4, 4, 4), 1, network, overlap=0.25, mode=mode, sigma_scale=0.125)
        out["windows_" + mode] = y.flatten().tolist()
        y = sliding_window_inference(small, (4, 4, 4), 1, network, overlap=0.25, mode=mode, sigma_scale=0.125)
        out["small_" + mode] = y.flatten().tolist()
    return out


def hausdorff():
    """compute_hausdorff_distance(percentile=95) of two blobs with anisotropic spacing."""
    shape = (12, 10, 9)
    grid = np.stack(np.meshgrid(*[np.arange(n) for n in shape], indexing="ij"))
    a = (((grid[0] - 5.5) / 4) ** 2 + ((grid[1] - 4.5) / 3.5) ** 2 + ((grid[2] - 4) / 3) ** 2) <= 1
    b = (((grid[0] - 6) / 4.5) ** 2 + ((grid[1] - 4) / 3) ** 2 + ((grid[2] - 4.5) / 3) ** 2) <= 1
    b[9:, :, :] = False
    spacing = (1.0, 1.5, 2.0)
    hd = compute_hausdorff_distance(torch.from_numpy(a)[None, None], torch.from_numpy(b)[None, None], percentile=95, spacing=spacing)
    return {"shape": list(shape), "spacing": list(spacing), "a": flat(a), "b": flat(b), "hd95": float(hd)}


fixtures = {
    "nifti": nifti_cases(),
    "orientationSpacing": orientation_spacing(),
    "dice": dice(),
    "windows": importance_and_windows(),
    "hausdorff": hausdorff(),
}
with open(os.path.join(OUT, "monai.json"), "w") as f:
    json.dump(fixtures, f)
print("wrote", OUT)
