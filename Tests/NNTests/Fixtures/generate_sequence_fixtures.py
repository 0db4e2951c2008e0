"""Regenerates the PyTorch reference values for the sequence layers in NNTests.

    cd Tests/NNTests/Fixtures && python3 generate_sequence_fixtures.py     # needs torch

Writes, next to this script:
  recurrent.json    RNN (tanh, relu), LSTM, GRU (multi-layer, bidirectional, batch first,
                    initial states, variable lengths through pack_padded_sequence, float64)
                    and RNNCell, LSTMCell, GRUCell: state dicts, inputs, outputs, and the
                    gradients of every weight, input and initial state for fixed upstream gradients
  attention.json    scaled_dot_product_attention and nn.MultiheadAttention (self and cross
                    attention, key padding and attention masks, batch first or not)
  transformer.json  nn.TransformerEncoderLayer and nn.TransformerDecoderLayer, post-LN and
                    pre-LN, relu and gelu, in eval mode, and a two-layer encoder with a final norm

Each case records y and the gradients of sum(y * upstream) (summed over every output).
Fixtures are small on purpose; CI never runs this script (no torch there).
"""
import json
import os

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

HERE = os.path.dirname(os.path.abspath(__file__))


def tensor(t):
    return {"shape": list(t.shape), "values": [float(v) for v in t.detach().reshape(-1).tolist()]}


def dump(name, obj):
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(obj, f)
        f.write("\n")


def leaf(*shape, dtype=torch.float32):
    return torch.randn(*shape, dtype=dtype).requires_grad_()


def backward_record(outputs, leaves, module=None):
    """Backward of sum(output * upstream) over all outputs; returns the record of
    outputs, upstreams and gradients (of the named leaves and of the module's parameters)."""
    record = {}
    loss = 0
    for name, y in outputs.items():
        up = torch.randn_like(y)
        record[name] = tensor(y)
        record["upstream_" + name] = tensor(up)
        loss = loss + (y * up).sum()
    loss.backward()
    for name, t in leaves.items():
        record[name] = tensor(t)
        record["d" + name] = tensor(t.grad)
    if module is not None:
        record["state_dict"] = {k: tensor(v) for k, v in module.state_dict().items()}
        record["grads"] = {k: tensor(p.grad) for k, p in module.named_parameters()}
    return record


# ---------------------------------------------------------------- recurrent
def recurrent_case(kind, inp, hidden, layers=1, bidirectional=False, batch_first=False, bias=True,
                   lengths=None, initial=False, dtype=torch.float32, batch=3, steps=5, **kwargs):
    module = getattr(nn, kind)(inp, hidden, num_layers=layers, bidirectional=bidirectional,
                               batch_first=batch_first, bias=bias, dtype=dtype, **kwargs)
    x = leaf(*((batch, steps, inp) if batch_first else (steps, batch, inp)), dtype=dtype)
    d = 2 if bidirectional else 1
    leaves = {"x": x}
    state = None
    if initial:
        h0 = leaf(layers * d, batch, hidden, dtype=dtype)
        leaves["h0"] = h0
        state = h0
        if kind == "LSTM":
            c0 = leaf(layers * d, batch, hidden, dtype=dtype)
            leaves["c0"] = c0
            state = (h0, c0)
    if lengths is not None:
        packed = pack_padded_sequence(x, torch.tensor(lengths), batch_first=batch_first, enforce_sorted=False)
        out, final = module(packed, state)
        out, _ = pad_packed_sequence(out, batch_first=batch_first, total_length=steps)
    else:
        out, final = module(x, state)
    outputs = {"output": out}
    if kind == "LSTM":
        outputs["h_n"], outputs["c_n"] = final
    else:
        outputs["h_n"] = final
    record = backward_record(outputs, leaves, module)
    record["config"] = {"kind": kind, "input": inp, "hidden": hidden, "layers": layers, "bidirectional": bidirectional,
                        "batch_first": batch_first, "bias": bias, "lengths": lengths,
                        "nonlinearity": kwargs.get("nonlinearity", "tanh"), "float64": dtype == torch.float64}
    return record


def cell_case(kind, inp, hidden, batch=3, bias=True, **kwargs):
    module = getattr(nn, kind)(inp, hidden, bias=bias, **kwargs)
    x = leaf(batch, inp)
    h = leaf(batch, hidden)
    leaves = {"x": x, "h0": h}
    if kind == "LSTMCell":
        c = leaf(batch, hidden)
        leaves["c0"] = c
        h1, c1 = module(x, (h, c))
        outputs = {"h_n": h1, "c_n": c1}
    else:
        outputs = {"h_n": module(x, h)}
    record = backward_record(outputs, leaves, module)
    record["config"] = {"kind": kind, "input": inp, "hidden": hidden, "bias": bias,
                        "nonlinearity": kwargs.get("nonlinearity", "tanh")}
    return record


def recurrent():
    torch.manual_seed(0)
    return {
        "lstm_one_layer": recurrent_case("LSTM", 3, 4),
        "lstm_stacked_bidirectional_lengths": recurrent_case(
            "LSTM", 3, 4, layers=2, bidirectional=True, batch_first=True, lengths=[5, 2, 4], initial=True),
        "lstm_float64_lengths": recurrent_case(
            "LSTM", 2, 3, bidirectional=True, lengths=[3, 5, 1], initial=True, dtype=torch.float64),
        "gru_one_layer_initial": recurrent_case("GRU", 3, 4, initial=True),
        "gru_stacked_bidirectional_lengths": recurrent_case(
            "GRU", 3, 4, layers=2, bidirectional=True, batch_first=True, lengths=[4, 5, 2]),
        "gru_no_bias_float64": recurrent_case("GRU", 2, 3, bias=False, initial=True, dtype=torch.float64),
        "rnn_tanh_bidirectional_lengths": recurrent_case(
            "RNN", 3, 4, layers=2, bidirectional=True, lengths=[2, 5, 3], initial=True),
        "rnn_relu_batch_first": recurrent_case("RNN", 3, 4, batch_first=True, nonlinearity="relu"),
        "rnn_cell": cell_case("RNNCell", 3, 4),
        "rnn_cell_relu": cell_case("RNNCell", 3, 4, nonlinearity="relu"),
        "lstm_cell": cell_case("LSTMCell", 3, 4),
        "gru_cell": cell_case("GRUCell", 3, 4),
    }


if __name__ == "__main__":
    dump("recurrent.json", recurrent())
