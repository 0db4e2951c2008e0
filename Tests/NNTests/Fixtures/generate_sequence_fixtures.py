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


# ---------------------------------------------------------------- attention
def lengths_mask(lengths, size):
    """Bool [B, S], True at real tokens."""
    return torch.arange(size)[None, :] < torch.tensor(lengths)[:, None]


def sdpa_case(batch=(2, 3), queries=4, keys=6, dim=5, value_dim=7, allowed=None, additive=None, causal=False,
              dtype=torch.float32):
    q, k, v = leaf(*batch, queries, dim, dtype=dtype), leaf(*batch, keys, dim, dtype=dtype), leaf(*batch, keys, value_dim, dtype=dtype)
    mask = allowed if allowed is not None else additive
    out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask, is_causal=causal)
    # The weights, which F.scaled_dot_product_attention does not return, the long way.
    scores = q @ k.transpose(-1, -2) / dim ** 0.5
    if allowed is not None:
        scores = scores.masked_fill(~allowed, float("-inf"))
    if additive is not None:
        scores = scores + additive
    if causal:
        scores = scores.masked_fill(~torch.ones(queries, keys, dtype=torch.bool).tril(), float("-inf"))
    weights = scores.softmax(-1)
    record = backward_record({"output": out, "weights": weights}, {"q": q, "k": k, "v": v})
    if allowed is not None:
        record["allowed"] = tensor(allowed.to(dtype))
    if additive is not None:
        record["additive"] = tensor(additive)
    record["config"] = {"causal": causal, "float64": dtype == torch.float64}
    return record


def mha_case(embed=8, heads=2, batch=2, queries=5, keys=None, batch_first=False, bias=True, padding=None,
             masked=None, additive=None, causal=False, average=True):
    """Self-attention when keys is None, else cross-attention to a memory used as key and value.
    masked: bool [L, S], True = may NOT attend (PyTorch's MultiheadAttention convention)."""
    module = nn.MultiheadAttention(embed, heads, bias=bias, batch_first=batch_first).eval()
    def shaped(length):
        return leaf(batch, length, embed) if batch_first else leaf(length, batch, embed)
    x = shaped(queries)
    leaves = {"x": x}
    memory = x
    if keys is not None:
        memory = shaped(keys)
        leaves["memory"] = memory
    source = keys or queries
    kpm = None if padding is None else ~lengths_mask(padding, source)
    attn_mask = masked if masked is not None else additive
    if causal:
        attn_mask = nn.Transformer.generate_square_subsequent_mask(queries)
    out, weights = module(x, memory, memory, key_padding_mask=kpm, need_weights=True, attn_mask=attn_mask,
                          average_attn_weights=average, is_causal=causal)
    record = backward_record({"output": out, "weights": weights}, leaves, module)
    if masked is not None:
        record["allowed"] = tensor((~masked).float())
    if additive is not None:
        record["additive"] = tensor(additive)
    record["config"] = {"embed": embed, "heads": heads, "batch_first": batch_first, "bias": bias, "padding": padding,
                        "causal": causal, "average": average}
    return record


def attention():
    torch.manual_seed(1)
    allowed = torch.rand(4, 6) > 0.4
    allowed[:, 0] = True  # every query keeps one key
    masked = torch.rand(5, 5) > 0.6
    masked.fill_diagonal_(False)
    return {
        "sdpa": sdpa_case(),
        "sdpa_allowed_mask": sdpa_case(allowed=allowed),
        "sdpa_additive_mask": sdpa_case(additive=torch.randn(4, 6)),
        "sdpa_causal": sdpa_case(queries=5, keys=5, causal=True),
        "sdpa_float64_allowed": sdpa_case(batch=(2,), allowed=allowed, dtype=torch.float64),
        "mha_self_batch_first_padding": mha_case(batch_first=True, padding=[5, 3]),
        "mha_cross_additive_per_head_weights": mha_case(queries=4, keys=6, additive=torch.randn(4, 6), padding=[6, 4],
                                                        average=False),
        "mha_self_no_bias_masked": mha_case(bias=False, masked=masked, batch_first=True),
        "mha_self_causal": mha_case(causal=True),
    }


# ---------------------------------------------------------------- transformer
def layer_config(module, **extra):
    first = module.layers[0] if hasattr(module, "layers") else module
    return {"d_model": first.linear1.in_features, "nhead": first.self_attn.num_heads,
            "dim_feedforward": first.linear1.out_features, "norm_first": first.norm_first,
            "activation": "gelu" if first.activation is F.gelu else "relu", "batch_first": first.self_attn.batch_first,
            "layer_norm_eps": first.norm1.eps, **extra}


def encoder_case(norm_first=False, activation="relu", batch_first=True, padding=None, causal=False, layers=None):
    layer = nn.TransformerEncoderLayer(8, 2, 16, dropout=0.1, activation=activation, batch_first=batch_first,
                                       norm_first=norm_first, layer_norm_eps=1e-5)
    module = layer if layers is None else nn.TransformerEncoder(layer, layers, norm=nn.LayerNorm(8),
                                                                enable_nested_tensor=False)
    module.eval()
    if layers is not None:
        for p in module.norm.parameters():  # a final norm that is not the identity
            p.data.uniform_(0.5, 1.5)
    src = leaf(2, 5, 8) if batch_first else leaf(5, 2, 8)
    kpm = None if padding is None else ~lengths_mask(padding, 5)
    mask = nn.Transformer.generate_square_subsequent_mask(5) if causal else None
    if layers is None:
        out = module(src, src_mask=mask, src_key_padding_mask=kpm, is_causal=causal)
    else:
        out = module(src, mask=mask, src_key_padding_mask=kpm, is_causal=causal)
    record = backward_record({"output": out}, {"src": src}, module)
    record["config"] = layer_config(module, padding=padding, causal=causal, layers=layers)
    return record


def decoder_case(norm_first=False, activation="relu", batch_first=True, tgt_padding=None, memory_padding=None):
    module = nn.TransformerDecoderLayer(8, 2, 16, dropout=0.1, activation=activation, batch_first=batch_first,
                                        norm_first=norm_first).eval()
    tgt = leaf(2, 4, 8) if batch_first else leaf(4, 2, 8)
    memory = leaf(2, 6, 8) if batch_first else leaf(6, 2, 8)
    tgt_kpm = None if tgt_padding is None else ~lengths_mask(tgt_padding, 4)
    mem_kpm = None if memory_padding is None else ~lengths_mask(memory_padding, 6)
    out = module(tgt, memory, tgt_mask=nn.Transformer.generate_square_subsequent_mask(4), tgt_is_causal=True,
                 tgt_key_padding_mask=tgt_kpm, memory_key_padding_mask=mem_kpm)
    record = backward_record({"output": out}, {"tgt": tgt, "memory": memory}, module)
    record["config"] = layer_config(module, tgt_padding=tgt_padding, memory_padding=memory_padding)
    return record


def transformer():
    torch.manual_seed(2)
    return {
        "encoder_post_ln_padding": encoder_case(padding=[5, 3]),
        "encoder_pre_ln_gelu_causal": encoder_case(norm_first=True, activation="gelu", batch_first=False, causal=True),
        "decoder_post_ln_memory_padding": decoder_case(memory_padding=[6, 4]),
        "decoder_pre_ln_gelu_target_padding": decoder_case(norm_first=True, activation="gelu", batch_first=False,
                                                           tgt_padding=[4, 3]),
        "encoder_stack_final_norm": encoder_case(norm_first=True, padding=[4, 5], layers=2),
    }


if __name__ == "__main__":
    dump("recurrent.json", recurrent())
    dump("attention.json", attention())
    dump("transformer.json", transformer())
