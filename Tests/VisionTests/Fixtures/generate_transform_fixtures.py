#!/usr/bin/env python3
"""Reference values for the image transforms (Sources/Vision/ImageTransforms.swift).

    pip install torch
    python3 Tests/VisionTests/Fixtures/generate_transform_fixtures.py

Writes transforms.json beside this script.
"""
import json
import pathlib

import torch
import torch.nn.functional as F

torch.manual_seed(0)
image = torch.rand(3, 5, 7, dtype=torch.float64)
square = torch.rand(2, 5, 5, dtype=torch.float64)
mean, std = [0.5, 0.4, 0.3], [0.2, 0.25, 0.3]
out = {
    "image": image.tolist(),
    "resized_4x9": F.interpolate(image[None], size=(4, 9), mode="bilinear", align_corners=False)[0].tolist(),
    "resized_2x3": F.interpolate(image[None], size=(2, 3), mode="bilinear", align_corners=False)[0].tolist(),
    "normalized": ((image - torch.tensor(mean, dtype=torch.float64)[:, None, None]) / torch.tensor(std, dtype=torch.float64)[:, None, None]).tolist(),
    "grayscale": (0.2989 * image[0] + 0.587 * image[1] + 0.114 * image[2])[None].tolist(),
    "square": square.tolist(),
    # torch.rot90 turns from the first spatial axis towards the second: counter-clockwise on screen.
    "square_rot90": torch.rot90(square, 1, dims=(1, 2)).tolist(),
    "mean": mean,
    "std": std,
}
path = pathlib.Path(__file__).with_name("transforms.json")
path.write_text(json.dumps(out))
print(f"wrote {path}")
