"""Regenerates the PyTorch reference values that NNTests compare against.

    cd Tests/NNTests/Fixtures
    NN_REGENERATE_FIXTURES=1 swift test --filter NNTests.SafeTensorsTests   # (1) only if the Swift writer changed
    python3 generate_fixtures.py                                            # (2) needs torch and safetensors

Writes, next to this script:
  layers.json       Linear, BatchNorm1d (train and eval), LayerNorm, Embedding: forward values
                    and the gradients of sum(output * upstream)
  losses.json       cross_entropy (weights, ignore_index, label_smoothing, K-dim), nll_loss,
                    mse, l1, binary_cross_entropy(_with_logits) with their input gradients
  optimizers.json   SGD, Adam, AdamW, RMSprop, Adagrad trajectories: fixed initial parameters and
                    a fixed sequence of gradients, parameters after every step; clip_grad_norm_
  schedules.json    learning rates of torch.optim.lr_scheduler step by step (Noam through LambdaLR)
  torch_written.safetensors + torch_model.json
                    a file written by safetensors.torch (all supported dtypes, metadata) and the
                    state dict of a small torch Sequential with an input and its output
  swift_written_check.json
                    what Python reads from swift_written.safetensors, a file the Swift writer
                    produced (step 1 rewrites it from Swift; a Swift test checks the committed
                    bytes are exactly what the writer produces today)

Fixtures are small on purpose; CI never runs this script (no torch there).
"""
import json
import math
import os

import torch
import torch.nn.functional as F
from safetensors import safe_open
from safetensors.torch import load_file, save_file

HERE = os.path.dirname(os.path.abspath(__file__))
torch.manual_seed(0)


def values(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def tensor(t):
    return {"shape": list(t.shape), "values": values(t)}


def dump(name, obj):
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(obj, f, indent=1)
        f.write("\n")


def randn(*shape):
    return torch.randn(*shape, dtype=torch.float32)


# ---------------------------------------------------------------- layers
def layer_case(module_fn, x, params):
    """Runs forward and backward of sum(y * upstream); returns the record."""
    x = x.clone().requires_grad_(x.is_floating_point())
    y = module_fn(x)
    upstream = randn(*y.shape)
    (y * upstream).sum().backward()
    record = {"x": tensor(x), "y": tensor(y), "upstream": tensor(upstream)}
    if x.is_floating_point():
        record["dx"] = tensor(x.grad)
    for name, p in params.items():
        record[name] = tensor(p)
        record["d" + name] = tensor(p.grad)
    return record


def layers():
    out = {}
    lin = torch.nn.Linear(5, 3)
    out["linear"] = layer_case(lin, randn(4, 5), {"weight": lin.weight, "bias": lin.bias})

    bn = torch.nn.BatchNorm1d(4)
    with torch.no_grad():
        bn.weight.copy_(randn(4))
        bn.bias.copy_(randn(4))
    bn.train()
    rec = layer_case(bn, randn(6, 4) * 2 + 1, {"weight": bn.weight, "bias": bn.bias})
    rec["running_mean"] = tensor(bn.running_mean)
    rec["running_var"] = tensor(bn.running_var)
    bn.eval()
    x_eval = randn(3, 4)
    rec["x_eval"] = tensor(x_eval)
    rec["y_eval"] = tensor(bn(x_eval))
    out["batchnorm1d"] = rec

    bn3 = torch.nn.BatchNorm1d(3)
    bn3.train()
    rec = layer_case(bn3, randn(4, 3, 5), {"weight": bn3.weight, "bias": bn3.bias})
    rec["running_mean"] = tensor(bn3.running_mean)
    rec["running_var"] = tensor(bn3.running_var)
    out["batchnorm1d_3d"] = rec

    ln = torch.nn.LayerNorm([4, 5])
    with torch.no_grad():
        ln.weight.copy_(randn(4, 5))
        ln.bias.copy_(randn(4, 5))
    out["layernorm"] = layer_case(ln, randn(3, 4, 5), {"weight": ln.weight, "bias": ln.bias})

    emb = torch.nn.Embedding(10, 4, padding_idx=0)
    idx = torch.tensor([[1, 2, 2], [0, 9, 1]])
    y = emb(idx)
    upstream = randn(*y.shape)
    (y * upstream).sum().backward()
    out["embedding"] = {"indices": tensor(idx), "weight": tensor(emb.weight), "y": tensor(y),
                        "upstream": tensor(upstream), "dweight": tensor(emb.weight.grad)}
    return out


# ---------------------------------------------------------------- losses
def loss_case(fn, inputs, **kwargs):
    leaves = [t.clone().requires_grad_(True) for t in inputs[:1]]
    value = fn(leaves[0], *inputs[1:], **kwargs)
    record = {"inputs": [tensor(t) for t in inputs], "value": tensor(value)}
    upstream = randn(*value.shape) if value.dim() > 0 else torch.tensor(1.0)
    (value * upstream).sum().backward()
    record["upstream"] = tensor(upstream)
    record["grad"] = tensor(leaves[0].grad)
    return record


def losses():
    logits = randn(6, 4) * 2
    targets = torch.tensor([0, 3, 1, 1, 2, 3])
    ignored = torch.tensor([0, -100, 1, 1, -100, 3])
    weight = torch.tensor([0.5, 2.0, 1.0, 1.5])
    cases = {}
    for reduction in ["mean", "sum", "none"]:
        cases[f"ce_{reduction}"] = loss_case(F.cross_entropy, [logits, targets], reduction=reduction)
        cases[f"ce_weight_{reduction}"] = loss_case(F.cross_entropy, [logits, targets], weight=weight, reduction=reduction)
        cases[f"ce_ignore_{reduction}"] = loss_case(F.cross_entropy, [logits, ignored], reduction=reduction)
        cases[f"ce_smooth_{reduction}"] = loss_case(F.cross_entropy, [logits, targets], label_smoothing=0.1, reduction=reduction)
        cases[f"ce_all_{reduction}"] = loss_case(F.cross_entropy, [logits, ignored], weight=weight, label_smoothing=0.2,
                                                 reduction=reduction)
        cases[f"nll_weight_ignore_{reduction}"] = loss_case(F.nll_loss, [F.log_softmax(logits, 1), ignored], weight=weight,
                                                            reduction=reduction)
    cases["ce_ignore_custom_mean"] = loss_case(F.cross_entropy, [logits, targets], ignore_index=1)
    cases["ce_smooth_ignore_mean"] = loss_case(F.cross_entropy, [logits, ignored], label_smoothing=0.3)
    cases["ce_kdim_mean"] = loss_case(F.cross_entropy, [randn(2, 3, 2, 2), torch.randint(0, 3, (2, 2, 2))])

    a, b = randn(3, 4), randn(3, 4)
    b[0, 0] = a[0, 0]  # a zero difference: l1's gradient there is 0
    for reduction in ["mean", "sum", "none"]:
        cases[f"mse_{reduction}"] = loss_case(F.mse_loss, [a, b], reduction=reduction)
        cases[f"l1_{reduction}"] = loss_case(F.l1_loss, [a, b], reduction=reduction)
    z = torch.tensor([[-60.0, -2.0, 0.0], [0.5, 3.0, 60.0]])
    y = torch.tensor([[1.0, 0.0, 1.0], [0.0, 1.0, 0.0]])
    pos = torch.tensor([0.5, 2.0, 3.0])
    w = torch.tensor([[1.0, 2.0, 0.5], [1.5, 1.0, 1.0]])
    cases["bce_logits_mean"] = loss_case(F.binary_cross_entropy_with_logits, [z, y])
    cases["bce_logits_pos_weight_none"] = loss_case(F.binary_cross_entropy_with_logits, [z, y], pos_weight=pos, weight=w,
                                                    reduction="none")
    cases["bce_logits_pos_weight_sum"] = loss_case(F.binary_cross_entropy_with_logits, [z, y], pos_weight=pos, reduction="sum")
    cases["bce_mean"] = loss_case(F.binary_cross_entropy, [torch.sigmoid(randn(2, 3)), y])
    return cases


# ---------------------------------------------------------------- optimizers
OPTIMIZERS = {
    "sgd": (torch.optim.SGD, dict(lr=0.1)),
    "sgd_momentum": (torch.optim.SGD, dict(lr=0.1, momentum=0.9)),
    "sgd_dampening_wd": (torch.optim.SGD, dict(lr=0.1, momentum=0.9, dampening=0.1, weight_decay=0.01)),
    "sgd_nesterov": (torch.optim.SGD, dict(lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01)),
    "adam": (torch.optim.Adam, dict(lr=0.01)),
    "adam_amsgrad_wd": (torch.optim.Adam, dict(lr=0.01, betas=(0.8, 0.99), weight_decay=0.1, amsgrad=True)),
    "adamw": (torch.optim.AdamW, dict(lr=0.01)),
    "adamw_amsgrad": (torch.optim.AdamW, dict(lr=0.02, weight_decay=0.1, amsgrad=True)),
    "rmsprop": (torch.optim.RMSprop, dict(lr=0.01)),
    "rmsprop_centered_momentum": (torch.optim.RMSprop, dict(lr=0.01, alpha=0.9, momentum=0.9, centered=True, weight_decay=0.01)),
    "adagrad": (torch.optim.Adagrad, dict(lr=0.1)),
    "adagrad_decay": (torch.optim.Adagrad, dict(lr=0.1, lr_decay=0.1, weight_decay=0.01, initial_accumulator_value=0.1)),
}


def optimizers():
    steps = 6
    init = [randn(3, 4), randn(4)]
    grads = [[randn(3, 4), randn(4)] for _ in range(steps)]
    out = {"init": [tensor(p) for p in init], "grads": [[tensor(g) for g in gs] for gs in grads], "runs": {}}
    for name, (cls, kwargs) in OPTIMIZERS.items():
        params = [p.clone().requires_grad_(True) for p in init]
        opt = cls(params, **kwargs)
        trajectory = []
        for gs in grads:
            for p, g in zip(params, gs):
                p.grad = g.clone()
            opt.step()
            trajectory.append([values(p) for p in params])
        out["runs"][name] = {"kwargs": kwargs, "params": trajectory}

    clip = {}
    for norm_type in [2.0, float("inf")]:
        params = [p.clone().requires_grad_(True) for p in init]
        for p, g in zip(params, grads[0]):
            p.grad = g.clone() * 3
        total = torch.nn.utils.clip_grad_norm_(params, max_norm=1.5, norm_type=norm_type)
        clip["inf" if math.isinf(norm_type) else "2"] = {"total": float(total), "grads": [values(p.grad) for p in params]}
    out["clip_grad_norm"] = {"scale": 3, "max_norm": 1.5, "cases": clip}
    return out


# ---------------------------------------------------------------- schedules
def schedules():
    def run(make, steps, lr=0.1):
        opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=lr)
        sched = make(opt)
        lrs = [opt.param_groups[0]["lr"]]
        for _ in range(steps):
            opt.step()
            sched.step()
            lrs.append(opt.param_groups[0]["lr"])
        return lrs

    S = torch.optim.lr_scheduler
    d_model, warmup, factor = 16, 4, 2.0

    def noam(step):
        step = max(step, 1)
        return factor * d_model ** -0.5 * min(step ** -0.5, step * warmup ** -1.5)

    return {
        "step": {"base": 0.1, "lrs": run(lambda o: S.StepLR(o, step_size=3, gamma=0.5), 12)},
        "multistep": {"base": 0.1, "lrs": run(lambda o: S.MultiStepLR(o, milestones=[2, 5, 9], gamma=0.1), 12)},
        "exponential": {"base": 0.1, "lrs": run(lambda o: S.ExponentialLR(o, gamma=0.9), 12)},
        "cosine": {"base": 0.1, "lrs": run(lambda o: S.CosineAnnealingLR(o, T_max=10, eta_min=0.001), 15)},
        "linear": {"base": 0.1, "lrs": run(lambda o: S.LinearLR(o, start_factor=0.25, end_factor=1.0, total_iters=4), 8)},
        "onecycle": {"base": 0.1, "lrs": run(lambda o: S.OneCycleLR(o, max_lr=0.5, total_steps=20, cycle_momentum=False), 19)},
        "noam": {"base": 1.0, "d_model": d_model, "warmup": warmup, "factor": factor,
                 "lrs": run(lambda o: S.LambdaLR(o, noam), 14, lr=1.0)},
        "warmup_cosine": {"base": 0.1, "lrs": run(lambda o: S.SequentialLR(
            o, [S.LinearLR(o, start_factor=0.1, total_iters=3), S.CosineAnnealingLR(o, T_max=8)], milestones=[3]), 12)},
    }


# ---------------------------------------------------------------- safetensors
def safetensors_files():
    tensors = {
        "weight": torch.tensor([[1.5, -2.0, 0.25], [3.0, 0.0, -0.125]], dtype=torch.float32),
        "bias": torch.tensor([math.pi, -math.e, 1e-300], dtype=torch.float64),
        "index": torch.tensor([0, -1, 2 ** 40, 7], dtype=torch.int64),
        "scalar": torch.tensor(2.5, dtype=torch.float32),
    }
    save_file(tensors, os.path.join(HERE, "torch_written.safetensors"), metadata={"format": "pt", "source": "torch"})

    model = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.ReLU(), torch.nn.Linear(3, 2))
    save_file({k: v.contiguous() for k, v in model.state_dict().items()}, os.path.join(HERE, "torch_model.safetensors"))
    x = randn(5, 4)
    dump("torch_model.json", {"x": tensor(x), "y": tensor(model(x))})

    swift_file = os.path.join(HERE, "swift_written.safetensors")
    if os.path.exists(swift_file):
        loaded = load_file(swift_file)
        with safe_open(swift_file, framework="pt") as f:
            metadata = f.metadata()
        dump("swift_written_check.json", {
            "metadata": metadata,
            "tensors": {k: {"dtype": str(v.dtype).replace("torch.", ""), "shape": list(v.shape),
                            "values": [int(x) for x in v.reshape(-1).tolist()] if v.dtype == torch.int64 else values(v)}
                        for k, v in sorted(loaded.items())},
        })
    else:
        print("swift_written.safetensors is missing: run step (1) from the docstring first")


if __name__ == "__main__":
    dump("layers.json", layers())
    dump("losses.json", losses())
    dump("optimizers.json", optimizers())
    dump("schedules.json", schedules())
    safetensors_files()
    print("fixtures written to", HERE)
