#!/usr/bin/env python3
"""Reference values for the int8 quantization arithmetic (Tests/QuantizationTests/Fixtures).

An independent transcription in Python integers of TFLite's and gemmlowp's reference code
(QuantizeMultiplier, SaturatingRoundingDoublingHighMul, RoundingDivideByPOT,
MultiplyByQuantizedMultiplier, the uint8 Add) and of PyTorch's observer parameters
(torch.ao.quantization.observer._calculate_qparams, in float32 with numpy).

    python3 scripts/quantization_fixtures.py   # writes Tests/QuantizationTests/Fixtures/arithmetic.json
"""
import json
import math
import os

import numpy as np

INT32_MIN, INT32_MAX = -(1 << 31), (1 << 31) - 1


def wrap32(x):
    return (x + (1 << 31)) % (1 << 32) - (1 << 31)


def quantize_multiplier(real):
    """tensorflow/lite/kernels/internal/quantization_util.cc QuantizeMultiplier."""
    if real == 0:
        return 0, 0
    q, shift = math.frexp(real)
    q_fixed = int(math.floor(abs(q) * (1 << 31) + 0.5)) * (1 if q >= 0 else -1)   # TfLiteRound: half away from zero
    if q_fixed == (1 << 31):
        q_fixed //= 2
        shift += 1
    if shift < -31:
        shift, q_fixed = 0, 0
    if shift > 30:
        shift, q_fixed = 30, (1 << 31) - 1
    return q_fixed, shift


def doubling_high_mul(a, b):
    if a == INT32_MIN and b == INT32_MIN:
        return INT32_MAX
    ab = a * b
    nudge = (1 << 30) if ab >= 0 else 1 - (1 << 30)
    s = ab + nudge
    q = abs(s) // (1 << 31)                    # C division truncates toward zero
    return q if s >= 0 else -q


def rounding_divide_by_pot(x, exponent):
    mask = (1 << exponent) - 1
    remainder = x & mask
    threshold = (mask >> 1) + (1 if x < 0 else 0)
    return (x >> exponent) + (1 if remainder > threshold else 0)


def multiply_by_quantized_multiplier(x, multiplier, shift):
    left, right = max(shift, 0), max(-shift, 0)
    return rounding_divide_by_pot(doubling_high_mul(wrap32(x * (1 << left)), multiplier), right)


def uint8_qparams(lo, hi):
    """PyTorch's per-tensor affine parameters for quint8 [0, 255], float32 throughout."""
    lo, hi = np.float32(min(lo, 0.0)), np.float32(max(hi, 0.0))
    scale = max(np.float32((hi - lo) / np.float32(255)), np.finfo(np.float32).eps)
    zero = 0 - int(np.round(np.float32(lo / scale)))          # numpy rounds ties to even, like torch.round
    return float(np.float32(scale)), min(max(zero, 0), 255)


def uint8_add(x, y, sa, za, sb, zb, so, zo, relu):
    """tensorflow/lite/kernels/add.cc (uint8, left shift 20) and reference_ops::AddElementwise."""
    twice_max = 2 * max(sa, sb)
    ma, sha = quantize_multiplier(sa / twice_max)
    mb, shb = quantize_multiplier(sb / twice_max)
    mo, sho = quantize_multiplier(twice_max / ((1 << 20) * so))
    a = multiply_by_quantized_multiplier((x - za) * (1 << 20), ma, sha)
    b = multiply_by_quantized_multiplier((y - zb) * (1 << 20), mb, shb)
    v = multiply_by_quantized_multiplier(a + b, mo, sho) + zo
    return min(max(v, zo if relu else 0), 255)


def main():
    rng = np.random.default_rng(0)
    reals = [0.5, 1.0, 0.75, 1 - 2.0 ** -33, 2.0 ** -40, 1e-3, 3.0e-5, 12.5, 2.0 ** 35, 0.0]
    reals += [float(v) for v in np.exp(rng.uniform(-14, 3, 40))]
    multipliers = [{"real": r, "multiplier": m, "shift": s} for r in reals for m, s in [quantize_multiplier(r)]]

    products = []
    for _ in range(300):
        x = int(rng.integers(INT32_MIN, INT32_MAX, endpoint=True)) if rng.random() < 0.3 else int(rng.integers(-300000, 300000))
        m, s = quantize_multiplier(float(np.exp(rng.uniform(-16, 2))))
        products.append({"x": x, "multiplier": m, "shift": s, "result": multiply_by_quantized_multiplier(x, m, s)})
    edge = [(INT32_MIN, INT32_MIN, 0), (INT32_MAX, INT32_MAX, 0), (-5, 1 << 30, -1), (5, 1 << 30, -1), (-3, 1 << 30, 0), (3, 1 << 30, 0)]
    products += [{"x": x, "multiplier": m, "shift": s, "result": multiply_by_quantized_multiplier(x, m, s)} for x, m, s in edge]

    ranges = [(-1.0, 1.0), (0.0, 6.0), (-0.3, 2.7), (0.5, 3.0), (-4.0, -1.0), (0.0, 0.0), (-1e-3, 1e-3), (-123.4, 56.7)]
    ranges += [tuple(sorted(map(float, rng.normal(0, 3, 2)))) for _ in range(20)]
    qparams = [{"min": lo, "max": hi, "scale": s, "zeroPoint": z} for lo, hi in ranges for s, z in [uint8_qparams(lo, hi)]]

    adds = []
    for _ in range(200):
        sa, sb, so = (float(np.float32(v)) for v in np.exp(rng.uniform(-6, 0, 3)))
        za, zb, zo = (int(v) for v in rng.integers(0, 256, 3))
        x, y = (int(v) for v in rng.integers(0, 256, 2))
        relu = bool(rng.random() < 0.5)
        adds.append({"x": x, "y": y, "a": [sa, za], "b": [sb, zb], "output": [so, zo], "relu": relu,
                     "result": uint8_add(x, y, sa, za, sb, zb, so, zo, relu)})

    out = os.path.join(os.path.dirname(__file__), "..", "Tests", "QuantizationTests", "Fixtures", "arithmetic.json")
    with open(out + ".tmp", "w") as f:
        json.dump({"multipliers": multipliers, "products": products, "qparams": qparams, "adds": adds}, f, indent=0)
    os.replace(out + ".tmp", out)


if __name__ == "__main__":
    main()
