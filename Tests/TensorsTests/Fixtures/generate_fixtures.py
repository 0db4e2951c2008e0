#!/usr/bin/env python3
"""Reference values for the tensor engine, computed by PyTorch.

Regenerate (needs torch, run from the repository root):

    python3 Tests/TensorsTests/Fixtures/generate_fixtures.py

It writes Tests/TensorsTests/Fixtures/torch_reference.json. Each case holds an op
name and its arguments, the inputs (generated here from a fixed seed and stored,
so Swift computes on the very same numbers), the output, an upstream gradient
and the gradients PyTorch's autograd gives every floating-point input.
Tests/TensorsTests/TorchReferenceTests.swift maps each op name to the Swift op.
Float32 values are written with 9 significant digits (they read back exactly),
float64 values with 17.
"""
import json
import os

import torch
import torch.nn.functional as F

torch.manual_seed(0)
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "torch_reference.json")
TYPES = {"float32": torch.float32, "float64": torch.float64, "int64": torch.int64}


def values(t):
    t = t.detach().reshape(-1)
    if t.dtype == torch.int64:
        return [int(v) for v in t.tolist()]
    digits = "%.9g" if t.dtype == torch.float32 else "%.17g"
    return [float(digits % v) for v in t.tolist()]


def encode(t):
    return {"dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape), "values": values(t)}


# Input generators. Each returns a float64 tensor; the case casts it to its dtype.
def normal(*shape):
    return torch.randn(shape, dtype=torch.float64)


def positive(*shape):
    return torch.rand(shape, dtype=torch.float64) * 1.5 + 0.5


def away_from(point, *shape, scale=1.0):
    """Normal values pushed at least 0.1 away from `point`: a kink there stays out of
    reach of the finite differences, and a derivative that vanishes there stays clear
    of zero (the relative error of a near-zero gradient is meaningless)."""
    d = torch.randn(shape, dtype=torch.float64) * scale
    return point + torch.sign(d) * (d.abs() + 0.1)


def away_from_zero(*shape):
    return away_from(0.0, *shape)


def distinct(*shape):
    """A shuffled grid with gaps of 0.1: no ties for max/min."""
    n = 1
    for s in shape:
        n *= s
    return (torch.randperm(n).to(torch.float64) * 0.1 - 0.05 * n).reshape(shape)


cases = []


def case(name, op, fn, inputs, dtype="float32", args=None, grad=True):
    """Runs `fn` on `inputs` (a list of (tensor, differentiable)) and records it."""
    ts = []
    for t, differentiable in inputs:
        if t.dtype.is_floating_point:
            t = t.to(TYPES[dtype]).detach().requires_grad_(differentiable)
        ts.append(t)
    out = fn(*ts)
    entry = {"name": name, "op": op, "dtype": dtype, "args": args or {},
             "inputs": [dict(encode(t), requiresGrad=t.requires_grad) for t in ts],
             "output": encode(out)}
    if grad and out.requires_grad:
        upstream = torch.randn(out.shape, dtype=torch.float64).to(out.dtype)
        grads = torch.autograd.grad(out, [t for t in ts if t.requires_grad], upstream, allow_unused=True)
        it = iter(grads)
        entry["upstream"] = values(upstream)
        entry["grads"] = [encode(next(it)) if t.requires_grad else None for t in ts]
    cases.append(entry)


def both(name, op, fn, inputs, args=None):
    for dtype in ("float32", "float64"):
        case(f"{name}/{dtype}", op, fn, inputs, dtype, args)


# Elementwise binary ops, with broadcasting.
binary = {"add": torch.add, "sub": torch.sub, "mul": torch.mul, "div": torch.div,
          "maximum": torch.maximum, "minimum": torch.minimum}
pairs = [([2, 3], [2, 3]), ([2, 3], [3]), ([4, 1, 3], [2, 1]), ([1, 3], [2, 1]), ([2, 3], [])]
for op, fn in binary.items():
    for sa, sb in pairs:
        b = positive(*sb) if op == "div" else normal(*sb)
        both(f"{op}{sa}{sb}", op, fn, [(normal(*sa), True), (b, True)])
for op, fn in [("add", torch.add), ("mul", torch.mul)]:
    case(f"{op}-int64-float32", op, fn, [(torch.randint(-3, 4, (2, 3)), False), (normal(3), True)])

# Tensor-scalar forms: x op s and s op x.
for op, fn in [("add", lambda x, s: x + s), ("sub", lambda x, s: x - s), ("mul", lambda x, s: x * s), ("div", lambda x, s: x / s)]:
    both(f"{op}Scalar", op + "Scalar", lambda x, fn=fn: fn(x, 1.5), [(positive(2, 3), True)], {"scalar": 1.5})
for op, fn in [("rsub", lambda x, s: s - x), ("rdiv", lambda x, s: s / x)]:
    both(f"{op}Scalar", op + "Scalar", lambda x, fn=fn: fn(x, 1.5), [(positive(2, 3), True)], {"scalar": 1.5})

# Unary math and activations.
unary = [
    ("neg", torch.neg, normal), ("exp", torch.exp, normal), ("log", torch.log, positive),
    ("sqrt", torch.sqrt, positive), ("abs", torch.abs, away_from_zero), ("sin", torch.sin, normal),
    ("cos", torch.cos, normal), ("sigmoid", torch.sigmoid, normal), ("tanh", torch.tanh, normal),
    ("relu", torch.relu, away_from_zero), ("silu", F.silu, normal),
]
for op, fn, gen in unary:
    both(op, op, fn, [(gen(3, 4), True)])
both("leakyRelu", "leakyRelu", lambda x: F.leaky_relu(x, 0.2), [(away_from_zero(3, 4), True)], {"slope": 0.2})
# GELU's derivative vanishes near x = -0.75 and in the far left tail.
both("gelu", "gelu", lambda x: F.gelu(x), [(away_from(-0.75, 3, 4, scale=1.5).clamp(-4, 4), True)], {"approximate": "none"})
both("gelu-tanh", "gelu", lambda x: F.gelu(x, approximate="tanh"), [(away_from(-0.75, 3, 4, scale=1.5).clamp(-4, 4), True)],
     {"approximate": "tanh"})
both("softplus", "softplus", lambda x: F.softplus(x), [(normal(3, 4) * 3, True)], {"beta": 1.0})
both("softplus-beta2", "softplus", lambda x: F.softplus(x, beta=2.0), [(normal(3, 4) * 3, True)], {"beta": 2.0})
# Inputs on both sides of softplus's threshold of 20.
both("softplus-threshold", "softplus", lambda x: F.softplus(x), [(away_from(0.0, 3, 4, scale=15), True)], {"beta": 1.0})
clamp_input = torch.tensor([-2.0, -1.3, -0.7, -0.2, 0.3, 0.6, 1.1, 2.5]).reshape(2, 4).to(torch.float64)
both("clamp", "clamp", lambda x: torch.clamp(x, -1.0, 1.0), [(clamp_input, True)], {"min": -1.0, "max": 1.0})
both("clampMin", "clamp", lambda x: torch.clamp(x, min=0.0), [(clamp_input, True)], {"min": 0.0})
both("powScalar", "powScalar", lambda x: x.pow(2.5), [(positive(3, 4), True)], {"exponent": 2.5})
both("powScalar-neg", "powScalar", lambda x: x.pow(-1.5), [(positive(3, 4), True)], {"exponent": -1.5})
both("powScalar-int", "powScalar", lambda x: x.pow(3.0), [(away_from_zero(3, 4), True)], {"exponent": 3.0})
both("powTensor", "powTensor", torch.pow, [(positive(2, 3), True), (normal(2, 3), True)])
both("powTensor-broadcast", "powTensor", torch.pow, [(positive(2, 3), True), (normal(3), True)])
case("to-float64", "to", lambda x: x.to(torch.float64), [(normal(2, 3), True)], "float32", {"dtype": "float64"})
case("to-float32", "to", lambda x: x.to(torch.float32), [(normal(2, 3), True)], "float64", {"dtype": "float32"})

# Reductions.
for axes, keep in [(None, False), ([0], False), ([1], True), ([0, 2], False), ([-1], True)]:
    tag = f"{axes}{'-keep' if keep else ''}"
    dims = tuple(axes) if axes is not None else None
    for op, fn in [("sum", torch.sum), ("mean", torch.mean)]:
        f = (lambda x, fn=fn: fn(x)) if dims is None else (lambda x, fn=fn, d=dims, k=keep: fn(x, dim=d, keepdim=k))
        both(f"{op}{tag}", op, f, [(normal(2, 3, 4), True)], {"axes": axes, "keepDims": keep})
    for unbiased in (True, False):
        f = lambda x, d=dims, k=keep, u=unbiased: torch.var(x, dim=d, correction=1 if u else 0, keepdim=k)
        both(f"variance{tag}-{'unbiased' if unbiased else 'biased'}", "variance", f, [(normal(2, 3, 4), True)],
             {"axes": axes, "keepDims": keep, "unbiased": unbiased})
for axis, keep in [(0, False), (1, True), (-1, False)]:
    for op, fn in [("max", torch.max), ("min", torch.min)]:
        both(f"{op}{axis}{'-keep' if keep else ''}", op, lambda x, fn=fn, a=axis, k=keep: fn(x, dim=a, keepdim=k).values,
             [(distinct(2, 3, 4), True)], {"axis": axis, "keepDims": keep})
    both(f"logSumExp{axis}{'-keep' if keep else ''}", "logSumExp", lambda x, a=axis, k=keep: torch.logsumexp(x, a, keepdim=k),
         [(normal(2, 3, 4) * 3, True)], {"axis": axis, "keepDims": keep})
both("maxAll", "max", torch.max, [(distinct(3, 4), True)], {})
both("minAll", "min", torch.min, [(distinct(3, 4), True)], {})
case("argmax", "argmax", lambda x: torch.argmax(x, 1), [(distinct(3, 4), False)], "float32", {"axis": 1, "keepDims": False}, grad=False)
case("argmin-keep", "argmin", lambda x: torch.argmin(x, 0, keepdim=True), [(distinct(3, 4), False)], "float32",
     {"axis": 0, "keepDims": True}, grad=False)

# Matrix products.
for sa, sb in [([3, 4], [4, 2]), ([4], [4, 2]), ([3, 4], [4]), ([4], [4]), ([2, 3, 4], [4, 5]),
               ([3, 4], [2, 4, 5]), ([2, 1, 3, 4], [3, 4, 2]), ([2, 3, 4], [4])]:
    both(f"matmul{sa}{sb}", "matmul", torch.matmul, [(normal(*sa), True), (normal(*sb), True)])

# Shape ops.
x234 = lambda: normal(2, 3, 4)
both("reshape", "reshape", lambda x: x.reshape(4, -1), [(x234(), True)], {"shape": [4, -1]})
both("permute", "permute", lambda x: x.permute(2, 0, 1), [(x234(), True)], {"order": [2, 0, 1]})
both("transpose", "transpose", lambda x: x.transpose(0, -1), [(x234(), True)], {"a": 0, "b": -1})
both("squeeze", "squeeze", lambda x: x.squeeze(1), [(normal(2, 1, 3), True)], {"axis": 1})
both("squeezeAll", "squeeze", lambda x: x.squeeze(), [(normal(1, 2, 1, 3), True)], {})
both("unsqueeze", "unsqueeze", lambda x: x.unsqueeze(-1), [(normal(2, 3), True)], {"axis": -1})
both("expand", "expand", lambda x: x.expand(2, 4, 3), [(normal(4, 1), True)], {"shape": [2, 4, 3]})
for axis, start, end, step in [(1, 1, None, 1), (2, 0, 4, 2), (0, -1, None, 1), (2, -3, -1, 1), (1, 0, 10, 2)]:
    tag = f"{axis}:{start}:{end}:{step}"
    both(f"slice{tag}", "slice", lambda x, a=axis, s=start, e=end, st=step: x[(slice(None),) * a + (slice(s, e, st),)],
         [(x234(), True)], {"axis": axis, "start": start, "end": end, "step": step})
both("concat0", "concat", lambda a, b: torch.cat([a, b], 0), [(normal(2, 3), True), (normal(1, 3), True)], {"axis": 0})
both("concat-1", "concat", lambda a, b, c: torch.cat([a, b, c], -1),
     [(normal(2, 1), True), (normal(2, 3), True), (normal(2, 2), True)], {"axis": -1})
both("stack1", "stack", lambda a, b: torch.stack([a, b], 1), [(normal(2, 3), True), (normal(2, 3), True)], {"axis": 1})
both("splitSizes", "split", lambda x: torch.cat([p.reshape(-1) for p in torch.split(x, [1, 3], 2)]),
     [(x234(), True)], {"sizes": [1, 3], "axis": 2})
both("splitSize", "split", lambda x: torch.cat([p.reshape(-1) for p in torch.split(x, 2, 1)]),
     [(x234(), True)], {"size": 2, "axis": 1})
both("chunk", "chunk", lambda x: torch.cat([p.reshape(-1) for p in torch.chunk(x, 3, 2)]),
     [(x234(), True)], {"chunks": 3, "axis": 2})
# The Swift padding lists (before, after) from the first dimension; F.pad from the last.
both("pad", "pad", lambda x: F.pad(x, (2, 0, 1, 1)), [(normal(2, 3), True)], {"padding": [[1, 1], [2, 0]], "value": 0.0})
both("pad-value", "pad", lambda x: F.pad(x, (0, 0, 0, 1, 1, 0), value=-1.5), [(x234(), True)],
     {"padding": [[1, 0], [0, 1]], "value": -1.5})

# Index ops.
index = torch.tensor([[0, 2, 2, 1], [1, 0, 0, 0]])
both("gather1", "gather", lambda x, i: torch.gather(x, 1, i), [(normal(2, 3), True), (index[:, :3], False)], {"axis": 1})
both("gather0", "gather", lambda x, i: torch.gather(x, 0, i), [(normal(3, 4), True), (index % 3, False)], {"axis": 0})
both("indexSelect0", "indexSelect", lambda x, i: torch.index_select(x, 0, i),
     [(normal(4, 3), True), (torch.tensor([3, 0, 3, 1, 3]), False)], {"axis": 0})
both("indexSelect1", "indexSelect", lambda x, i: torch.index_select(x, 1, i),
     [(x234(), True), (torch.tensor([2, 2, 0]), False)], {"axis": 1})
both("scatterAdd1", "scatterAdd", lambda x, i, s: torch.scatter_add(x, 1, i, s),
     [(normal(2, 3), True), (index[:, :3], False), (normal(2, 3), True)], {"axis": 1})
both("scatterAdd0", "scatterAdd", lambda x, i, s: torch.scatter_add(x, 0, i, s),
     [(normal(3, 4), True), (index % 3, False), (normal(2, 4), True)], {"axis": 0})
case("oneHot", "oneHot", lambda i: F.one_hot(i, 5).to(torch.float32), [(torch.tensor([[0, 4], [2, 2]]), False)],
     "float32", {"classes": 5}, grad=False)
condition = (torch.rand(2, 3) > 0.5).to(torch.float64)
both("where", "where", lambda c, a, b: torch.where(c != 0, a, b), [(condition, False), (normal(2, 3), True), (normal(2, 3), True)])
both("where-broadcast", "where", lambda c, a, b: torch.where(c != 0, a, b),
     [(condition[:, :1], False), (normal(3), True), (normal(2, 1), True)])

# Softmax family.
for axis in (-1, 0, 1):
    both(f"softmax{axis}", "softmax", lambda x, a=axis: torch.softmax(x, a), [(normal(2, 3, 4) * 2, True)], {"axis": axis})
    both(f"logSoftmax{axis}", "logSoftmax", lambda x, a=axis: torch.log_softmax(x, a), [(normal(2, 3, 4) * 2, True)], {"axis": axis})
both("softmax-large", "softmax", lambda x: torch.softmax(x, -1), [(normal(2, 5) * 1e4, True)], {"axis": -1})
both("logSoftmax-large", "logSoftmax", lambda x: torch.log_softmax(x, -1), [(normal(2, 5) * 1e4, True)], {"axis": -1})

with open(OUT, "w") as f:
    json.dump({"generator": "Tests/TensorsTests/Fixtures/generate_fixtures.py", "torch": torch.__version__, "cases": cases},
              f, separators=(",", ":"))
print(f"wrote {len(cases)} cases to {os.path.relpath(OUT)} ({os.path.getsize(OUT) // 1024} KiB)")
