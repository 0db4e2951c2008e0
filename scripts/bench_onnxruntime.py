#!/usr/bin/env python3
"""onnxruntime twin of the MobileNetV2 inference workloads of `swift run bench`: the same
model (exported by the library), the same batch sizes and thread count, the same JSON lines.

    swift run -c release bench --export-onnx /tmp/mobilenetv2.onnx          # the library's MobileNetV2, seed 0
    python3 scripts/bench_onnxruntime.py /tmp/mobilenetv2.onnx [--threads 2] [--repeats 20]
    swift run -c release bench --threads 2 mobilenetv2_infer_b1 mobilenetv2_infer_b32

onnxruntime runs with `intra_op_num_threads` = --threads and one inter-op thread, all
graph optimisations on (its default). Needs: pip install numpy onnxruntime
"""
import argparse
import json
import statistics
import timeit

import numpy as np
import onnxruntime


def median_ms(step, repeats):
    """Median wall time of `repeats` runs after three untimed ones, in milliseconds."""
    timeit.repeat(step, number=1, repeat=3)
    return statistics.median(timeit.repeat(step, number=1, repeat=repeats)) * 1e3


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = args.threads
    options.inter_op_num_threads = 1
    session = onnxruntime.InferenceSession(args.model, options, providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name
    rng = np.random.default_rng(0)
    for batch in (1, 32):
        x = rng.standard_normal((batch, 3, 224, 224), dtype=np.float32)
        ms = median_ms(lambda: session.run(None, {name: x}), args.repeats if batch == 1 else max(3, args.repeats // 4))
        print(json.dumps({"workload": f"mobilenetv2_infer_b{batch}", "framework": "onnxruntime " + onnxruntime.__version__,
                          "threads": args.threads, "median_ms": round(ms, 3)}))


if __name__ == "__main__":
    main()
