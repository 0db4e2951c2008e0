#!/usr/bin/env python3
"""Reference values for lesson M01's exercises, computed with PyTorch.

    pip install torch
    python3 Tests/M01Tests/Fixtures/generate_fixtures.py

Writes one JSON file per exercise beside this script, in the Workbook's fixture
format: {"key": {"shape": [...], "data": [...], "dtype": "float64"}}. Inputs are
drawn here (seeded) and stored, so the Swift tests compute on the same numbers.
"""
import sys
import math
import pathlib

import torch

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)
HERE = pathlib.Path(__file__).parent
sys.path.insert(0, str(HERE.parents[2] / "scripts"))
from workbook_fixtures import writer  # noqa: E402

write = writer(HERE)


# M01-E02 activations: forward and backward (GELU in its tanh form).
x = torch.randn(3, 5) * 2
g = torch.randn(3, 5)
results = {}
for name, f in {
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": torch.relu,
    "gelu": lambda t: torch.nn.functional.gelu(t, approximate="tanh"),
}.items():
    xi = x.clone().requires_grad_(True)
    y = f(xi)
    y.backward(g)
    results[f"{name}_output"] = y
    results[f"{name}_gradInput"] = xi.grad
write("activations", x=x, gradOutput=g, **results)

# M01-E03 linear backward. The weight is stored [out, in], as torch.nn.Linear and the
# course's Linear store it (drawn [in, out] and transposed, which keeps the numbers the
# fixture has always had).
x = torch.randn(4, 3, requires_grad=True)
w = torch.randn(3, 2).T.contiguous().requires_grad_(True)
b = torch.randn(2, requires_grad=True)
g = torch.randn(4, 2)
torch.nn.functional.linear(x, w, b).backward(g)
write("linear_backward", x=x, weight=w, bias=b, gradOutput=g, gradInput=x.grad, gradWeight=w.grad, gradBias=b.grad)

# M01-E04 softmax cross-entropy, including one row with huge logits.
logits = torch.randn(5, 4) * 3
logits[2] = torch.tensor([1e4, -1e4, 0.0, 5e3])
labels = torch.tensor([0, 3, 1, 2, 3])
lg = logits.clone().requires_grad_(True)
loss = torch.nn.functional.cross_entropy(lg, labels)
loss.backward()
write("softmax_cross_entropy", logits=logits, labels=labels, loss=loss, gradLogits=lg.grad)

# M01-E05 two-layer network.
x = torch.randn(6, 4)
labels = torch.tensor([0, 2, 1, 2, 0, 1])
p = {"w1": torch.randn(4, 5) * 0.5, "b1": torch.randn(5) * 0.1, "w2": torch.randn(5, 3) * 0.5, "b2": torch.randn(3) * 0.1}
p["w1"], p["w2"] = p["w1"].T.contiguous(), p["w2"].T.contiguous()   # stored [out, in], as for E03
q = {k: v.clone().requires_grad_(True) for k, v in p.items()}
linear = torch.nn.functional.linear
scores = linear(torch.relu(linear(x, q["w1"], q["b1"])), q["w2"], q["b2"])
loss = torch.nn.functional.cross_entropy(scores, labels)
loss.backward()
write("two_layer", x=x, labels=labels, loss=loss, **p, **{f"grad_{k}": v.grad for k, v in q.items()})


def trajectory(name, make_optimizer, steps=5, **hyper):
    """Parameters after each step of an optimizer on a fixed sequence of gradients."""
    p0 = torch.randn(3, 2)
    grads = [torch.randn(3, 2) for _ in range(steps)]
    p = p0.clone().requires_grad_(True)
    opt = make_optimizer([p])
    after = {}
    for i, grad in enumerate(grads):
        p.grad = grad.clone()
        opt.step()
        after[f"after_{i + 1}"] = p.clone()
    write(name, initial=p0, **{f"grad_{i + 1}": g for i, g in enumerate(grads)}, **after, **hyper)


# M01-E06 SGD with momentum, M01-E07 Adam, M01-E11 Adam with L2 vs AdamW.
trajectory("sgd_momentum", lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9), lr=0.1, momentum=0.9)
trajectory("adam", lambda ps: torch.optim.Adam(ps, lr=0.01), lr=0.01)
trajectory("adam_l2", lambda ps: torch.optim.Adam(ps, lr=0.01, weight_decay=0.1), lr=0.01, weightDecay=0.1)
trajectory("adamw", lambda ps: torch.optim.AdamW(ps, lr=0.01, weight_decay=0.1), lr=0.01, weightDecay=0.1)

# M01-E08 cosine with warmup: after the warmup, torch's CosineAnnealingLR gives the
# same values as the exercise's formula; both are recorded step by step.
model = torch.nn.Linear(1, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.5)
warmup, total, min_lr = 4, 20, 0.05
formula = [0.5 * (s + 1) / warmup if s < warmup else
           min_lr + 0.5 * (0.5 - min_lr) * (1 + math.cos(math.pi * min(1.0, (s - warmup) / (total - warmup))))
           for s in range(total + 3)]
sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=total - warmup, eta_min=min_lr)
torch_cosine = []
for _ in range(total - warmup + 1):
    torch_cosine.append(opt.param_groups[0]["lr"])
    opt.step()
    sched.step()
write("cosine_warmup", baseLR=0.5, warmupSteps=warmup, totalSteps=total, minLR=min_lr,
      lrs=formula, torchCosineAfterWarmup=torch_cosine)

# M01-E10 batch norm: training forward (with running-stat update), eval forward, backward.
x = torch.randn(8, 3) * 2 + 1
gamma, beta = torch.randn(3), torch.randn(3)
bn = torch.nn.BatchNorm1d(3, momentum=0.1, eps=1e-5).double()
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
write("batch_norm", x=x, gamma=gamma, beta=beta, gradOutput=g, runningMean=rm0, runningVar=rv0,
      trainOutput=y, newRunningMean=bn.running_mean, newRunningVar=bn.running_var, evalOutput=y_eval,
      gradInput=xi.grad, gradGamma=bn.weight.grad, gradBeta=bn.bias.grad)
