#!/usr/bin/env python3
"""Reference values for P07's tests (BiLSTM-CRF NER), computed with pytorch-crf and seqeval.

Run with the shared reference environment:

    pip install numpy torch pytorch-crf seqeval
    /tmp/refenv/bin/python scripts/p07_fixtures.py

Writes two files into Tests/P07Tests/Fixtures/. CI never runs it.

p07.json is in the workbook's fixture format ({"name": {"shape": [...], "data": [...],
"dtype": "float64"}}; integers are stored as floats). All values come from
torchcrf.CRF(num_tags, batch_first=True) in float64 with its parameters overwritten:
  crf.*  B=4, T=7, K=5, lengths [7, 5, 3, 1]. Inputs: emissions [B,T,K], transitions [K,K]
         (transitions[i][j] scores tag i followed by tag j), start [K], end [K], lengths [B],
         tags [B,T] (0 at padding). Outputs: llh [B] (log-likelihood per sequence), logZ [B]
         (log partition), score [B] (unnormalised score of the gold tags), viterbi [B,T]
         (best path, -1 at padding), grad.{emissions,transitions,start,end}: gradients of
         the summed log-likelihood (emission gradient is 0 at padding). logZ and the best
         path are checked against brute-force enumeration of all K^L paths.
  bio.*  labels O, B-PER, I-PER, B-LOC, I-LOC, B-ORG, I-ORG (K=7), B=3, T=8, lengths
         [8, 6, 4]. Inputs: emissions, transitions, start, end, lengths. allowed.transitions
         [K,K] and allowed.start [K] are the IOB2 masks (1 allowed, 0 not: I-X only after B-X
         or I-X, never first). viterbi.free is the best path with the raw parameters (it
         breaks IOB2 at least once); viterbi.constrained is the best path after setting the
         disallowed scores to -10000 (it never does).

p07_seqeval.json is plain JSON {"seqeval_version": ..., "cases": [...]}. Each case has
"truth" and "predicted" (lists of tag sequences), "default" and "strict" (micro precision,
recall and F1 from seqeval.metrics with default arguments, and with mode='strict',
scheme=IOB2; 0 where undefined), and "strictEntitiesTruth" / "strictEntitiesPredicted"
(per sentence, [type, start, endInclusive] from seqeval.scheme.Entities(..., IOB2)).
The last two cases are hand-made: identical sequences made only of ill-formed I- chunks
(default scores 1, strict finds no entities and scores 0), and a prediction with no entities.
"""
import importlib.metadata
import itertools
import json
import os
import warnings

import numpy as np
import torch
from seqeval.metrics import f1_score, precision_score, recall_score
from seqeval.scheme import IOB2, Entities
from torchcrf import CRF

rng = np.random.default_rng(7)
out = {}
fixtures = os.path.join(os.path.dirname(__file__), "..", "Tests", "P07Tests", "Fixtures")


def put(name, array, dtype="float64"):
    a = np.asarray(array, dtype=np.float64)
    out[name] = {"shape": list(a.shape), "data": [float(v) for v in a.ravel()], "dtype": dtype}


def make_crf(transitions, start, end):
    crf = CRF(transitions.shape[0], batch_first=True).double()
    with torch.no_grad():
        crf.transitions.copy_(torch.tensor(transitions))
        crf.start_transitions.copy_(torch.tensor(start))
        crf.end_transitions.copy_(torch.tensor(end))
    return crf


def mask_from(lengths, T):
    return torch.tensor(np.arange(T)[None, :] < np.asarray(lengths)[:, None])


def padded(paths, T):
    return [p + [-1] * (T - len(p)) for p in paths]


def brute_force(emissions, transitions, start, end):
    """Scores of every path through one unpadded sequence: (paths [N,L], scores [N])."""
    L, K = emissions.shape
    paths = np.array(list(itertools.product(range(K), repeat=L)))
    scores = start[paths[:, 0]] + end[paths[:, -1]] + emissions[np.arange(L), paths].sum(1)
    if L > 1:
        scores += transitions[paths[:, :-1], paths[:, 1:]].sum(1)
    return paths, scores


# Linear-chain CRF: log-likelihood, partition function, gold score, Viterbi, gradients.
B, T, K = 4, 7, 5
lengths = [7, 5, 3, 1]
emissions = rng.standard_normal((B, T, K)) * 2
transitions = rng.standard_normal((K, K))
start = rng.standard_normal(K)
end = rng.standard_normal(K)
mask_np = np.arange(T)[None, :] < np.array(lengths)[:, None]
tags = np.where(mask_np, rng.integers(0, K, size=(B, T)), 0)

crf = make_crf(transitions, start, end)
mask = mask_from(lengths, T)
em = torch.tensor(emissions, requires_grad=True)
tg = torch.tensor(tags, dtype=torch.long)
llh = crf(em, tg, mask, reduction="none")
with torch.no_grad():
    logZ = crf._compute_normalizer(em.transpose(0, 1), mask.transpose(0, 1))
    score = crf._compute_score(em.transpose(0, 1), tg.transpose(0, 1), mask.transpose(0, 1))
    viterbi = crf.decode(em, mask)
crf(em, tg, mask, reduction="sum").backward()

for b, L in enumerate(lengths):
    paths, scores = brute_force(emissions[b, :L], transitions, start, end)
    z = np.logaddexp.reduce(scores)
    assert abs(z - float(logZ[b])) < 1e-9, (b, z, float(logZ[b]))
    assert list(paths[np.argmax(scores)]) == viterbi[b], (b, paths[np.argmax(scores)], viterbi[b])
    gold = int(np.flatnonzero((paths == tags[b, :L]).all(1))[0])
    assert abs(scores[gold] - float(score[b])) < 1e-9
    assert abs(scores[gold] - z - float(llh[b].detach())) < 1e-9
    # d llh / d emissions = one-hot(gold) - marginals
    p = np.exp(scores - z)
    marginals = np.stack([np.bincount(paths[:, t], weights=p, minlength=K) for t in range(L)])
    expected = np.eye(K)[tags[b, :L]] - marginals
    assert np.abs(expected - em.grad[b, :L].numpy()).max() < 1e-9
assert np.all(em.grad.numpy()[~mask_np] == 0)

put("crf.emissions", emissions)
put("crf.transitions", transitions)
put("crf.start", start)
put("crf.end", end)
put("crf.lengths", lengths)
put("crf.tags", tags)
put("crf.llh", llh.detach())
put("crf.logZ", logZ)
put("crf.score", score)
put("crf.viterbi", padded(viterbi, T))
put("crf.grad.emissions", em.grad)
put("crf.grad.transitions", crf.transitions.grad)
put("crf.grad.start", crf.start_transitions.grad)
put("crf.grad.end", crf.end_transitions.grad)

# IOB2-constrained decoding: disallowed transitions and starts set to -10000.
labels = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG"]
K = len(labels)
B, T = 3, 8
lengths = [8, 6, 4]
emissions = rng.standard_normal((B, T, K)) * 3
transitions = rng.standard_normal((K, K))
start = rng.standard_normal(K)
end = rng.standard_normal(K)

allowed_transitions = np.ones((K, K))
allowed_start = np.ones(K)
for j, to in enumerate(labels):
    if to.startswith("I-"):
        allowed_start[j] = 0
        for i, source in enumerate(labels):
            if source[2:] != to[2:]:
                allowed_transitions[i, j] = 0


def violations(path):
    return (1 - allowed_start[path[0]]) + sum(1 - allowed_transitions[a, b] for a, b in zip(path, path[1:]))


em = torch.tensor(emissions)
mask = mask_from(lengths, T)
free = make_crf(transitions, start, end).decode(em, mask)
constrained = make_crf(np.where(allowed_transitions == 1, transitions, -10000.0),
                       np.where(allowed_start == 1, start, -10000.0), end).decode(em, mask)
assert sum(violations(p) for p in free) > 0, free
assert sum(violations(p) for p in constrained) == 0, constrained

put("bio.emissions", emissions)
put("bio.transitions", transitions)
put("bio.start", start)
put("bio.end", end)
put("bio.lengths", lengths)
put("bio.allowed.transitions", allowed_transitions)
put("bio.allowed.start", allowed_start)
put("bio.viterbi.free", padded(free, T))
put("bio.viterbi.constrained", padded(constrained, T))

path = os.path.join(fixtures, "p07.json")
with open(path, "w") as f:
    json.dump(out, f, sort_keys=True)
print(f"wrote {os.path.normpath(path)}: {len(out)} arrays")

# seqeval: entity-level micro precision / recall / F1, default (lenient) and strict IOB2.
types = ["PER", "LOC", "ORG"]


def random_sentence():
    length = int(rng.integers(1, 13))
    tags = []
    while len(tags) < length:
        if rng.random() < 0.6:
            tags.append("O")
        else:
            kind = types[rng.integers(3)]
            tags += [f"B-{kind}"] + [f"I-{kind}"] * int(rng.integers(0, 3))
    tags = tags[:length]
    if rng.random() < 0.3:  # make it ill-formed
        way = rng.integers(3)
        kind = types[rng.integers(3)]
        after_b = [i for i in range(1, length) if tags[i - 1].startswith("B-")]
        after_o = [i for i in range(1, length) if tags[i - 1] == "O"]
        if way == 1 and after_b:  # I-X after B-Y
            i = after_b[rng.integers(len(after_b))]
            others = [t for t in types if t != tags[i - 1][2:]]
            tags[i] = "I-" + others[rng.integers(len(others))]
        elif way == 2 and after_o:  # I-X after O
            tags[after_o[rng.integers(len(after_o))]] = f"I-{kind}"
        else:  # I-X first
            tags[0] = f"I-{kind}"
    return tags


def corrupt(tags):
    tags = list(tags)
    for i in range(len(tags)):
        if rng.random() < 0.2:
            tags[i] = "O" if rng.random() < 0.4 else labels[rng.integers(1, K)]
    return tags


def entity_lists(sequences):
    return [[[e.tag, e.start, e.end - 1] for e in sentence] for sentence in Entities(sequences, IOB2).entities]


def scores(truth, predicted, **options):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return {"precision": float(precision_score(truth, predicted, **options)),
                "recall": float(recall_score(truth, predicted, **options)),
                "f1": float(f1_score(truth, predicted, **options))}


def case(truth, predicted):
    return {"truth": truth, "predicted": predicted,
            "default": scores(truth, predicted),
            "strict": scores(truth, predicted, mode="strict", scheme=IOB2),
            "strictEntitiesTruth": entity_lists(truth),
            "strictEntitiesPredicted": entity_lists(predicted)}


cases = []
for _ in range(8):
    truth = [random_sentence() for _ in range(20)]
    cases.append(case(truth, [corrupt(t) for t in truth]))
ill_formed = [["I-PER", "I-PER", "O", "I-LOC"],
              ["O", "I-ORG", "O", "I-PER", "I-LOC", "I-LOC"],
              ["I-LOC"]]
cases.append(case(ill_formed, [list(t) for t in ill_formed]))
truth = [["B-PER", "I-PER", "O", "B-LOC"], ["O", "O"], ["B-ORG", "I-ORG", "I-ORG", "O", "B-PER"]]
cases.append(case(truth, [["O"] * len(t) for t in truth]))

for c in cases:
    assert all(len(t) == len(p) for t, p in zip(c["truth"], c["predicted"]))
for c in cases[:8]:
    assert 0 < c["default"]["f1"] < 1 and 0 < c["strict"]["f1"] < 1, c
path = os.path.join(fixtures, "p07_seqeval.json")
with open(path, "w") as f:
    json.dump({"seqeval_version": importlib.metadata.version("seqeval"), "cases": cases}, f, sort_keys=True)
print(f"wrote {os.path.normpath(path)}: {len(cases)} cases")
for i, c in enumerate(cases):
    print(i, "default", c["default"], "strict", c["strict"])
