#!/usr/bin/env python3
"""Runs an ONNX model with onnxruntime, for the interop tests (torch-free).

    python3 scripts/onnx_run.py MODEL.onnx INPUT.f32 D0,D1,... OUTPUT.f32 [unoptimized]

INPUT.f32 holds little-endian float32 values of the given shape. The model is first
validated with onnx.checker (full check, with shape inference); its output for the
input is written to OUTPUT.f32, and the first line printed is its shape. With `unoptimized`
onnxruntime runs the graph node by node as written (no fusion: a QDQ model in float).
Needs: pip install numpy onnx onnxruntime
"""
import sys

import numpy as np
import onnx
import onnxruntime

path, input_path, shape, output_path = sys.argv[1:5]
model = onnx.load(path)
onnx.checker.check_model(model, full_check=True)
options = onnxruntime.SessionOptions()
if sys.argv[5:] == ["unoptimized"]:
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_DISABLE_ALL
session = onnxruntime.InferenceSession(path, options, providers=["CPUExecutionProvider"])
x = np.fromfile(input_path, dtype="<f4").reshape([int(d) for d in shape.split(",")])
(y,) = session.run(None, {session.get_inputs()[0].name: x})
y.astype("<f4").tofile(output_path)
print(",".join(str(d) for d in y.shape))
print("opset", max(o.version for o in model.opset_import), "inputs", [i.name for i in session.get_inputs()],
      "outputs", [o.name for o in session.get_outputs()])
