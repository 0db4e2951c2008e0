#!/usr/bin/env python3
"""Expected data-parallel scaling of the course's models over a network (Docs/Distributed.md).

For each model of `bench` (Docs/Performance.md): the float32 gradient bytes per step (parameter
count from the layer shapes below, PyTorch's parameter layout), the measured compute time of one
training step on this machine (1 process, 2 threads, from Docs/Performance.md), and the time of a
ring all-reduce of the gradients, 2·(N-1)/N · bytes / bandwidth, at 1, 10 and 100 Gbit/s.
The step time on N machines with the global batch split N ways is at best
compute/N + all-reduce (no overlap) and at worst max(compute/N, all-reduce) (full overlap).
Usage: python3 scripts/ddp_scaling_model.py [N]
"""
import sys


def linear(i, o):
    return i * o + o


def conv(cin, cout, k):
    return cin * cout * k * k + cout


def encoder_layer(d, ff):
    # self-attention in/out projections, two feed-forward layers, two LayerNorms
    return linear(d, 3 * d) + linear(d, d) + linear(d, ff) + linear(ff, d) + 4 * d


def lstm(i, h):
    return 4 * h * (i + h) + 8 * h


MODELS = {  # name: (parameters, measured ms per training step, from Docs/Performance.md)
    "mlp_train_step_b128": (linear(784, 256) + linear(256, 128) + linear(128, 10), 1.88),
    "lenet_train_step_b64": (conv(1, 6, 5) + conv(6, 16, 5) + linear(400, 120) + linear(120, 84) + linear(84, 10), 8.00),
    "vggbn_train_step_b32_32px": (conv(3, 32, 3) + conv(32, 32, 3) + conv(32, 64, 3) + conv(64, 64, 3)
                                  + 2 * (2 * 32 + 2 * 64) + linear(64, 10), 84.7),
    "transformer_train_step_b32_s32": (1000 * 128 + 2 * encoder_layer(128, 512) + linear(128, 10), 29.7),
    "lstm_train_step_b32_s32": (1000 * 64 + lstm(64, 128) + linear(128, 10), 7.52),
}


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    print(f"N = {n} processes, one per machine\n")
    print("| model | parameters | gradient MB/step | compute ms/step (1 machine) | all-reduce ms at 1 / 10 / 100 Gbit/s "
          "| speed-up on N at 1 / 10 / 100 Gbit/s (no overlap) |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, (params, compute_ms) in MODELS.items():
        grad_bytes = 4 * params
        comm = [2 * (n - 1) / n * grad_bytes * 8 / (gbit * 1e9) * 1e3 for gbit in (1, 10, 100)]
        speedup = [compute_ms / (compute_ms / n + c) for c in comm]
        print(f"| {name} | {params:,} | {grad_bytes / 1e6:.2f} | {compute_ms:.2f} | "
              + " / ".join(f"{c:.2f}" for c in comm) + " | " + " / ".join(f"{s:.2f}" for s in speedup) + " |")


if __name__ == "__main__":
    main()
