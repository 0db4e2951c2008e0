#!/usr/bin/env python3
"""Reference values for lesson M01's exercises, computed with PyTorch.

    pip install torch
    python3 Tests/M01Tests/Fixtures/generate_fixtures.py

Writes m01_fixtures.json beside this script. Inputs are drawn here (seeded) and
stored in the file, so the Swift tests compute on exactly the same numbers.
"""
import json
import math
import pathlib

import torch

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)
out = {}


def values(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def tensor(t):
    return {"shape": list(t.shape), "values": values(t)}


# M01-E02 activations: forward and backward (GELU in its tanh form).
x = torch.randn(3, 5) * 2
g = torch.randn(3, 5)
acts = {}
for name, f in {
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": torch.relu,
    "gelu": lambda t: torch.nn.functional.gelu(t, approximate="tanh"),
}.items():
    xi = x.clone().requires_grad_(True)
    y = f(xi)
    y.backward(g)
    acts[name] = {"output": tensor(y), "gradInput": tensor(xi.grad)}
out["activations"] = {"x": tensor(x), "gradOutput": tensor(g), "results": acts}

# M01-E03 linear backward.
x = torch.randn(4, 3, requires_grad=True)
w = torch.randn(3, 2, requires_grad=True)
b = torch.randn(2, requires_grad=True)
g = torch.randn(4, 2)
(x @ w + b).backward(g)
out["linear"] = {"x": tensor(x), "weight": tensor(w), "bias": tensor(b), "gradOutput": tensor(g),
                 "gradInput": tensor(x.grad), "gradWeight": tensor(w.grad), "gradBias": tensor(b.grad)}

# M01-E04 softmax cross-entropy, including one row with huge logits.
logits = torch.randn(5, 4) * 3
logits[2] = torch.tensor([1e4, -1e4, 0.0, 5e3])
labels = torch.tensor([0, 3, 1, 2, 3])
lg = logits.clone().requires_grad_(True)
loss = torch.nn.functional.cross_entropy(lg, labels)
loss.backward()
out["softmaxCrossEntropy"] = {"logits": tensor(logits), "labels": labels.tolist(),
                              "loss": float(loss.detach()), "gradLogits": tensor(lg.grad)}

# M01-E05 two-layer network.
x = torch.randn(6, 4)
labels = torch.tensor([0, 2, 1, 2, 0, 1])
p = {"w1": torch.randn(4, 5) * 0.5, "b1": torch.randn(5) * 0.1, "w2": torch.randn(5, 3) * 0.5, "b2": torch.randn(3) * 0.1}
q = {k: v.clone().requires_grad_(True) for k, v in p.items()}
scores = torch.relu(x @ q["w1"] + q["b1"]) @ q["w2"] + q["b2"]
loss = torch.nn.functional.cross_entropy(scores, labels)
loss.backward()
out["twoLayer"] = {"x": tensor(x), "labels": labels.tolist(), "parameters": {k: tensor(v) for k, v in p.items()},
                   "loss": float(loss.detach()), "gradients": {k: tensor(v.grad) for k, v in q.items()}}


def trajectory(make_optimizer, steps=5):
    """Parameters after each step of an optimizer on a fixed sequence of gradients."""
    p0 = torch.randn(3, 2)
    grads = [torch.randn(3, 2) for _ in range(steps)]
    p = p0.clone().requires_grad_(True)
    opt = make_optimizer([p])
    after = []
    for grad in grads:
        p.grad = grad.clone()
        opt.step()
        after.append(tensor(p))
    return {"initial": tensor(p0), "gradients": [tensor(g) for g in grads], "after": after}


# M01-E06 SGD with momentum, M01-E07 Adam, M01-E11 Adam with L2 vs AdamW.
out["sgdMomentum"] = {"lr": 0.1, "momentum": 0.9, **trajectory(lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9))}
out["adam"] = {"lr": 0.01, **trajectory(lambda ps: torch.optim.Adam(ps, lr=0.01))}
out["adamL2"] = {"lr": 0.01, "weightDecay": 0.1, **trajectory(lambda ps: torch.optim.Adam(ps, lr=0.01, weight_decay=0.1))}
out["adamW"] = {"lr": 0.01, "weightDecay": 0.1, **trajectory(lambda ps: torch.optim.AdamW(ps, lr=0.01, weight_decay=0.1))}

# M01-E08 cosine with warmup: torch's LinearLR warmup followed by CosineAnnealingLR
# matches the exercise's formula; the values are recorded step by step.
model = torch.nn.Linear(1, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.5)
warmup, total, min_lr = 4, 20, 0.05
lrs = [0.5 * (s + 1) / warmup if s < warmup else
       min_lr + 0.5 * (0.5 - min_lr) * (1 + math.cos(math.pi * min(1.0, (s - warmup) / (total - warmup))))
       for s in range(total + 3)]
sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=total - warmup, eta_min=min_lr)
torch_cosine = []
for _ in range(total - warmup + 1):
    torch_cosine.append(opt.param_groups[0]["lr"])
    opt.step()
    sched.step()
out["cosineWarmup"] = {"baseLR": 0.5, "warmupSteps": warmup, "totalSteps": total, "minLR": min_lr,
                       "lrs": lrs, "torchCosineAfterWarmup": torch_cosine}

# M01-E10 batch norm: training forward (with running-stat update), eval forward, backward.
x = torch.randn(8, 3) * 2 + 1
gamma, beta = torch.randn(3), torch.randn(3)
bn = torch.nn.BatchNorm1d(3, momentum=0.1, eps=1e-5)
with torch.no_grad():
    bn.weight.copy_(gamma)
    bn.bias.copy_(beta)
    bn.running_mean.copy_(torch.randn(3) * 0.1)
    bn.running_var.copy_(torch.rand(3) + 0.5)
rm0, rv0 = bn.running_mean.clone(), bn.running_var.clone()
xi = x.clone().requires_grad_(True)
y = bn(xi)
g = torch.randn(8, 3)
y.backward(g)
bn.eval()
y_eval = bn(x)
out["batchNorm"] = {"x": tensor(x), "gamma": tensor(gamma), "beta": tensor(beta), "gradOutput": tensor(g),
                    "runningMean": tensor(rm0), "runningVar": tensor(rv0),
                    "trainOutput": tensor(y), "newRunningMean": tensor(bn.running_mean), "newRunningVar": tensor(bn.running_var),
                    "evalOutput": tensor(y_eval), "gradInput": tensor(xi.grad),
                    "gradGamma": tensor(bn.weight.grad), "gradBeta": tensor(bn.bias.grad)}

path = pathlib.Path(__file__).with_name("m01_fixtures.json")
path.write_text(json.dumps(out, indent=None))
print(f"wrote {path} ({path.stat().st_size} bytes)")
