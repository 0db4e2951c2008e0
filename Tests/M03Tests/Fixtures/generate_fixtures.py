#!/usr/bin/env python3
"""Reference values for lesson M03's exercises, computed with PyTorch.

    pip install torch
    python3 Tests/M03Tests/Fixtures/generate_fixtures.py

Writes one JSON file per exercise beside this script, in the Workbook's fixture
format: {"key": {"shape": [...], "data": [...], "dtype": "float64"}}. Inputs are
drawn here (seeded) and stored, so the Swift tests compute on the same numbers.
"""
import sys
import math
import pathlib

import torch
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)
HERE = pathlib.Path(__file__).parent
sys.path.insert(0, str(HERE.parents[2] / "scripts"))
from workbook_fixtures import writer  # noqa: E402

write = writer(HERE)


def leaf(*shape, scale=1.0):
    return (torch.randn(*shape) * scale).requires_grad_(True)


# M03-E01 skip-gram negative sampling: loss and gradients by autograd.
v, u, n = leaf(6), leaf(6), leaf(4, 6)
loss = -F.logsigmoid(u @ v) - F.logsigmoid(-(n @ v)).sum()
loss.backward()
write("skip_gram", center=v, context=u, negatives=n, loss=loss, gradCenter=v.grad, gradContext=u.grad, gradNegatives=n.grad)

# M03-E02 GloVe: weights f(x) and the loss with its gradients.
counts = torch.tensor([0.5, 1.0, 3.0, 12.0, 99.0, 100.0, 250.0])
weights = torch.where(counts < 100, (counts / 100) ** 0.75, torch.ones_like(counts))
w, wt, b, bt = leaf(7, 5, scale=0.5), leaf(7, 5, scale=0.5), leaf(7, scale=0.5), leaf(7, scale=0.5)
J = (weights * ((w * wt).sum(1) + b + bt - counts.log()) ** 2).sum()
J.backward()
write("glove", counts=counts, weights=weights, wordVectors=w, contextVectors=wt, wordBiases=b, contextBiases=bt,
      loss=J, gradWordVectors=w.grad, gradContextVectors=wt.grad, gradWordBiases=b.grad, gradContextBiases=bt.grad)

# M03-E04 LSTM cell and M03-E05 GRU cell: torch.nn.LSTMCell / GRUCell, outputs and gradients.
B, I, H = 3, 4, 5
lstm = torch.nn.LSTMCell(I, H)
x, h, c = leaf(B, I), leaf(B, H), leaf(B, H)
h1, c1 = lstm(x, (h, c))
gh, gc = torch.randn(B, H), torch.randn(B, H)
(h1 * gh + c1 * gc).sum().backward()
write("lstm_cell", x=x, h=h, c=c, weightIH=lstm.weight_ih, weightHH=lstm.weight_hh, biasIH=lstm.bias_ih, biasHH=lstm.bias_hh,
      hNext=h1, cNext=c1, seedH=gh, seedC=gc, gradX=x.grad, gradH=h.grad, gradC=c.grad, gradWeightIH=lstm.weight_ih.grad)

gru = torch.nn.GRUCell(I, H)
x, h = leaf(B, I), leaf(B, H)
h1 = gru(x, h)
g = torch.randn(B, H)
h1.backward(g)
write("gru_cell", x=x, h=h, weightIH=gru.weight_ih, weightHH=gru.weight_hh, biasIH=gru.bias_ih, biasHH=gru.bias_hh,
      hNext=h1, seed=g, gradX=x.grad, gradH=h.grad, gradWeightHH=gru.weight_hh.grad)

# M03-E06 scaled dot-product attention with a padding mask and a causal mask.
q, k, vv = leaf(2, 3, 4), leaf(2, 5, 4), leaf(2, 5, 6)
allowed = torch.ones(2, 3, 5, dtype=torch.bool)
allowed[1, :, 3:] = False                      # the second sequence has 3 real keys
out = F.scaled_dot_product_attention(q, k, vv, attn_mask=allowed)
weights = torch.softmax((q @ k.transpose(-1, -2) / 2).masked_fill(~allowed, float("-inf")), -1)
g = torch.randn(2, 3, 6)
out.backward(g)
cq, ck = leaf(1, 4, 4), leaf(1, 4, 4)
causal_out = F.scaled_dot_product_attention(cq, ck, ck, is_causal=True)
write("attention", query=q, key=k, value=vv, allowed=allowed.double(), output=out, weights=weights, seed=g,
      gradQuery=q.grad, gradKey=k.grad, gradValue=vv.grad, causalQuery=cq, causalKey=ck, causalOutput=causal_out)

# M03-E07 multi-head self-attention: torch.nn.MultiheadAttention(8, 2, batch_first=True).
mha = torch.nn.MultiheadAttention(8, 2, batch_first=True)
x = leaf(2, 4, 8)
padding = torch.tensor([[False, False, False, False], [False, False, False, True]])   # True = padding, PyTorch's convention
out, avg = mha(x, x, x, key_padding_mask=padding)
split = x.detach().reshape(2, 4, 2, 4).transpose(1, 2)
write("multi_head", x=x, inWeight=mha.in_proj_weight, inBias=mha.in_proj_bias, outWeight=mha.out_proj.weight,
      outBias=mha.out_proj.bias, allowed=(~padding).double().reshape(2, 1, 1, 4), output=out, weights=avg, split=split)

# M03-E08 sinusoidal positional encoding, as in "The Annotated Transformer".
length, dim = 20, 8
position = torch.arange(length).unsqueeze(1).double()
div = torch.exp(torch.arange(0, dim, 2).double() * (-math.log(10000.0) / dim))
pe = torch.zeros(length, dim)
pe[:, 0::2] = torch.sin(position * div)
pe[:, 1::2] = torch.cos(position * div)
write("positional_encoding", encoding=pe)

# M03-E09 causal mask: torch.tril.
write("causal_mask", mask=torch.tril(torch.ones(5, 5)))
