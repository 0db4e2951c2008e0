#!/usr/bin/env python3
"""P06's Transformer translator in PyTorch, line for line, checked against the Swift run.

    swift run P06 twin                                   # writes out/P06/twin/steps.safetensors
    python3 scripts/twins/P06.py out/P06/twin/steps.safetensors

`swift run P06 twin` writes the initial weights, the positional table and the padded
batches of the first training steps, and the loss the library computed at each step.
This script builds the same network from torch.nn, loads those weights, takes the same
steps with the same optimizer, schedule and loss, and prints both losses side by side.
It exits 1 when they differ by more than --tolerance (relative).

Each line of TransformerTranslator (Projects/P06/TransformerTranslator.swift) and of
Training.loss (Projects/P06/Training.swift) has its counterpart here:
  Embedding(vocabulary, d, paddingIndex: 0)      nn.Embedding(vocabulary, d, padding_idx=0)
  TransformerEncoderLayer(..., normFirst: true)  nn.TransformerEncoderLayer(..., norm_first=True)
  linear(h, embedding.weight)                    F.linear(h, embedding.weight)   (tied output)
  crossEntropy(..., ignoreIndex:, labelSmoothing:)  F.cross_entropy(..., ignore_index=, label_smoothing=)
  Adam(betas: (0.9, 0.98), eps: 1e-9) + LambdaLR  torch.optim.Adam + LambdaLR
Needs: pip install torch safetensors
"""
import argparse
import json
import math
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F
from safetensors import safe_open

PAD = 0


class TransformerTranslator(nn.Module):
    """Pre-LN encoder-decoder with one embedding table for source, target and output."""

    def __init__(self, c, positions):
        super().__init__()
        d = c["dModel"]
        self.d = d
        self.embedding = nn.Embedding(c["vocabulary"], d, padding_idx=PAD)
        layer = dict(d_model=d, nhead=c["heads"], dim_feedforward=c["feedForward"], dropout=c["dropout"],
                     batch_first=True, norm_first=True)
        self.encoder = nn.TransformerEncoder(nn.TransformerEncoderLayer(**layer), c["encoderLayers"],
                                             norm=nn.LayerNorm(d), enable_nested_tensor=False)
        self.decoder = nn.TransformerDecoder(nn.TransformerDecoderLayer(**layer), c["decoderLayers"], norm=nn.LayerNorm(d))
        self.register_buffer("positions", positions, persistent=False)
        self.dropout = nn.Dropout(c["dropout"])

    def embed(self, ids):
        """√d·E[ids] + PE, then dropout (TransformerTranslator.embed)."""
        return self.dropout(self.embedding(ids) * math.sqrt(self.d) + self.positions[: ids.shape[1]])

    def forward(self, source, target_in):
        source_padding = source == PAD
        memory = self.encoder(self.embed(source), src_key_padding_mask=source_padding)
        causal = nn.Transformer.generate_square_subsequent_mask(target_in.shape[1])
        h = self.decoder(self.embed(target_in), memory, tgt_mask=causal, tgt_is_causal=True,
                         memory_key_padding_mask=source_padding)
        return F.linear(h, self.embedding.weight)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("steps", help="the file `swift run P06 twin` wrote")
    parser.add_argument("--tolerance", type=float, default=1e-3, help="largest relative loss difference allowed")
    args = parser.parse_args()

    with safe_open(args.steps, "pt") as f:
        meta = f.metadata()
        tensors = {k: f.get_tensor(k) for k in f.keys()}
    settings = json.loads(meta["settings"])
    swift_losses = [float(x) for x in meta["losses"].split(",")]
    config = settings["model"]

    torch.manual_seed(0)  # nothing random is drawn: dropout is 0 and the weights are loaded
    model = TransformerTranslator(config, tensors["positions"])
    model.load_state_dict({k[len("model."):]: v for k, v in tensors.items() if k.startswith("model.")}, strict=True)
    optimizer = torch.optim.Adam(model.parameters(), lr=settings["peakLR"], betas=(0.9, 0.98), eps=1e-9)
    warmup = settings["warmup"]
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min(max(s, 1) / warmup, math.sqrt(warmup / max(s, 1))))

    model.train()
    worst = 0.0
    print(f"{'step':>4}  {'Swift':>10}  {'PyTorch':>10}  {'relative':>9}")
    for i, swift in enumerate(swift_losses):
        source, target_in, target_out = (tensors[f"step.{i}.{name}"].long() for name in ("source", "target_in", "target_out"))
        optimizer.zero_grad()
        logits = model(source, target_in)
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), target_out.reshape(-1), ignore_index=PAD,
                               label_smoothing=settings["labelSmoothing"])
        loss.backward()
        optimizer.step()
        schedule.step()
        relative = abs(loss.item() - swift) / abs(loss.item())
        worst = max(worst, relative)
        print(f"{i + 1:>4}  {swift:>10.6f}  {loss.item():>10.6f}  {relative:>9.2e}")
    print(f"largest relative difference {worst:.2e} over {len(swift_losses)} steps (tolerance {args.tolerance:g})")
    sys.exit(0 if worst <= args.tolerance else 1)


if __name__ == "__main__":
    main()
