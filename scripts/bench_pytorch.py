#!/usr/bin/env python3
"""PyTorch twin of `swift run -c release bench`: the same workloads, the same JSON lines.

    pip install torch
    python3 scripts/bench_pytorch.py [--threads 2] [--repeats 20] [workload ...]

Compare with `swift run -c release bench --threads 2` on the same machine; the
ratios are recorded in Docs/Performance.md.
"""
import argparse
import json
import statistics
import time

import torch


def gemm_1024_ms():
    a, b = torch.randn(1024, 1024), torch.randn(1024, 1024)
    return lambda: torch.matmul(a, b)


WORKLOADS = {
    "gemm_1024_ms": gemm_1024_ms,
}


def median_ms(step, repeats, warmup=3):
    for _ in range(warmup):
        step()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        step()
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("workloads", nargs="*")
    args = parser.parse_args()
    unknown = [w for w in args.workloads if w not in WORKLOADS]
    if unknown:
        parser.error(f"unknown workload(s) {', '.join(unknown)}; known: {', '.join(WORKLOADS)}")
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    for name, prepare in WORKLOADS.items():
        if args.workloads and name not in args.workloads:
            continue
        ms = median_ms(prepare(), args.repeats)
        print(json.dumps({"workload": name, "framework": "pytorch", "threads": args.threads, "median_ms": round(ms, 3)}))


if __name__ == "__main__":
    main()
