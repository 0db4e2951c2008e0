#!/usr/bin/env python3
"""Runs a TFLite model with LiteRT, for the interop tests (torch-free).

    python3 scripts/tflite_run.py MODEL.tflite INPUT.f32 D0,D1,... OUTPUT.f32

Like scripts/onnx_run.py: float32 little-endian input of the given shape, the output
written to OUTPUT.f32 and its shape printed. Needs: pip install numpy ai-edge-litert
"""
import sys

import numpy as np
from ai_edge_litert.interpreter import Interpreter

path, input_path, shape, output_path = sys.argv[1:]
interpreter = Interpreter(model_path=path)
interpreter.allocate_tensors()
x = np.fromfile(input_path, dtype="<f4").reshape([int(d) for d in shape.split(",")])
interpreter.set_tensor(interpreter.get_input_details()[0]["index"], x)
interpreter.invoke()
y = interpreter.get_tensor(interpreter.get_output_details()[0]["index"])
y.astype("<f4").tofile(output_path)
print(",".join(str(d) for d in y.shape))
