#!/usr/bin/env python3
"""Runs a TFLite model with LiteRT, for the interop tests (torch-free).

    python3 scripts/tflite_run.py MODEL.tflite INPUT.f32 D0,D1,... OUTPUT.f32 [reference]

Like scripts/onnx_run.py: float32 little-endian input of the given shape, the output
written to OUTPUT.f32 (int8 outputs as their integer values) and its shape printed.
With `reference`, LiteRT's reference kernels run instead of its optimised ones and
XNNPACK: TFLite's definition of int8 arithmetic, which the library's must equal.
Needs: pip install numpy ai-edge-litert
"""
import sys

import numpy as np
from ai_edge_litert.interpreter import Interpreter, OpResolverType

path, input_path, shape, output_path = sys.argv[1:5]
if sys.argv[5:] == ["reference"]:
    interpreter = Interpreter(model_path=path, experimental_op_resolver_type=OpResolverType.BUILTIN_REF)
else:
    interpreter = Interpreter(model_path=path)
interpreter.allocate_tensors()
x = np.fromfile(input_path, dtype="<f4").reshape([int(d) for d in shape.split(",")])
interpreter.set_tensor(interpreter.get_input_details()[0]["index"], x)
interpreter.invoke()
y = interpreter.get_tensor(interpreter.get_output_details()[0]["index"])
y.astype("<f4").tofile(output_path)
print(",".join(str(d) for d in y.shape))
