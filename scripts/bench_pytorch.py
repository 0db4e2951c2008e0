#!/usr/bin/env python3
"""PyTorch twin of `swift run -c release bench`: the same workloads, the same JSON lines.

    pip install torch torchvision   # torchvision for the ResNet-18 workloads
    python3 scripts/bench_pytorch.py [--threads 2] [--repeats 20] [workload ...]

Compare with `swift run -c release bench --threads 2` on the same machine; the
ratios are recorded in Docs/Performance.md.
"""
import argparse
import json
import statistics
import time

import torch
from torch import nn


def gemm_1024_ms():
    a, b = torch.randn(1024, 1024), torch.randn(1024, 1024)
    return lambda: torch.matmul(a, b)


def train_step(model, inputs, targets):
    """One forward + backward + Adam step, as the Swift workloads time it."""
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()

    def step():
        optimizer.zero_grad()
        loss = loss_fn(model(inputs), targets)
        loss.backward()
        optimizer.step()

    return step


def mlp_train_step_b128():
    model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
    return train_step(model, torch.randn(128, 784), torch.randint(0, 10, (128,)))


def lenet_train_step_b64():
    model = nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
        nn.Linear(16 * 5 * 5, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))
    return train_step(model, torch.randn(64, 1, 28, 28), torch.randint(0, 10, (64,)))


def vggbn_train_step_b32_32px():
    def block(cin, cout):
        return [nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU()]

    model = nn.Sequential(*block(3, 32), *block(32, 32), nn.MaxPool2d(2), *block(32, 64), *block(64, 64), nn.MaxPool2d(2),
                          nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10))
    return train_step(model, torch.randn(32, 3, 32, 32), torch.randint(0, 10, (32,)))


class FirstTokenClassifier(nn.Module):
    """Embedding 1000x128, 2 encoder layers (d 128, 4 heads, FF 512, no dropout), head on position 0."""

    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(1000, 128)
        layer = nn.TransformerEncoderLayer(128, 4, 512, dropout=0.0, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)
        self.head = nn.Linear(128, 10)

    def forward(self, tokens):
        return self.head(self.encoder(self.embedding(tokens))[:, 0])


class LastStepLSTM(nn.Module):
    """Embedding 1000x64, LSTM hidden 128, head on the last step."""

    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(1000, 64)
        self.lstm = nn.LSTM(64, 128, batch_first=True)
        self.head = nn.Linear(128, 10)

    def forward(self, tokens):
        output, _ = self.lstm(self.embedding(tokens))
        return self.head(output[:, -1])


def transformer_train_step_b32_s32():
    return train_step(FirstTokenClassifier(), torch.randint(0, 1000, (32, 32)), torch.randint(0, 10, (32,)))


def lstm_train_step_b32_s32():
    return train_step(LastStepLSTM(), torch.randint(0, 1000, (32, 32)), torch.randint(0, 10, (32,)))


def inference(model, batch):
    """One evaluation-mode forward pass without gradients, on 224x224 inputs."""
    model.eval()
    inputs = torch.randn(batch, 3, 224, 224)

    def step():
        with torch.no_grad():
            model(inputs)
    return step


def mobilenet_v2_infer_b1_224px():
    import torchvision
    return inference(torchvision.models.mobilenet_v2(), 1)


def mobilenet_v2_infer_b32_224px():
    import torchvision
    return inference(torchvision.models.mobilenet_v2(), 32)


def classifier_inference(name, batch, int8):
    """A torchvision ImageNet classifier (`resnet18`, `mobilenet_v2`) on 224x224 images, eval mode;
    int8 through PyTorch's own post-training static quantization (FX graph mode, x86/fbgemm
    backend, its default observers: per-channel symmetric int8 weights, per-tensor uint8
    activations; Conv-BN-ReLU/ReLU6 fused, residual adds quantized), calibrated on two random
    images, as the Swift workloads do."""
    import torchvision
    model = getattr(torchvision.models, name)().eval()
    x = torch.randn(batch, 3, 224, 224)
    if int8:
        from torch.ao.quantization import get_default_qconfig_mapping
        from torch.ao.quantization.quantize_fx import convert_fx, prepare_fx
        torch.backends.quantized.engine = "x86"
        prepared = prepare_fx(model, get_default_qconfig_mapping("x86"), example_inputs=(x[:1],))
        with torch.no_grad():
            prepared(torch.randn(2, 3, 224, 224))
        model = convert_fx(prepared)

    def step():
        with torch.no_grad():
            model(x)

    return step


def p06_seq2seq_train_step_b32_s24():
    """P06's translation model: tied embedding 8000x256, 3+3 pre-LN layers (4 heads, FF 1024, no dropout),
    24 source and 24 target tokens, label smoothing 0.1, Adam (0.9, 0.98, 1e-9)."""
    d, vocabulary = 256, 8000
    embedding = nn.Embedding(vocabulary, d)
    transformer = nn.Transformer(d, 4, 3, 3, 1024, dropout=0.0, batch_first=True, norm_first=True)
    source, target_in = torch.randint(0, vocabulary, (32, 24)), torch.randint(0, vocabulary, (32, 24))
    target_out = torch.randint(0, vocabulary, (32 * 24,))
    optimizer = torch.optim.Adam(list(embedding.parameters()) + list(transformer.parameters()), lr=1e-3, betas=(0.9, 0.98), eps=1e-9)
    causal = nn.Transformer.generate_square_subsequent_mask(24)
    loss_fn = nn.CrossEntropyLoss(label_smoothing=0.1)

    def step():
        optimizer.zero_grad()
        hidden = transformer(embedding(source), embedding(target_in), tgt_mask=causal, tgt_is_causal=True)
        loss_fn((hidden @ embedding.weight.T).reshape(-1, vocabulary), target_out).backward()
        optimizer.step()

    return step


def bilstm_crf_train_step_b32_s64():
    """P07's tagger: character embedding 4000x128, BiLSTM hidden 128 per direction, linear to 7 tags,
    CRF negative log-likelihood (mean over sentences, pytorch-crf); batch 32, 64 characters each,
    no dropout, Adam.  pip install pytorch-crf"""
    from torchcrf import CRF

    vocabulary, tags = 4000, 7
    embedding = nn.Embedding(vocabulary, 128)
    lstm = nn.LSTM(128, 128, batch_first=True, bidirectional=True)
    projection, crf = nn.Linear(256, tags), CRF(tags, batch_first=True)
    characters, gold = torch.randint(0, vocabulary, (32, 64)), torch.randint(0, tags, (32, 64))
    lengths, mask = torch.full((32,), 64), torch.ones(32, 64, dtype=torch.bool)
    parameters = [p for m in (embedding, lstm, projection, crf) for p in m.parameters()]
    optimizer = torch.optim.Adam(parameters, lr=1e-3)

    def step():
        optimizer.zero_grad()
        packed = nn.utils.rnn.pack_padded_sequence(embedding(characters), lengths, batch_first=True)
        states, _ = nn.utils.rnn.pad_packed_sequence(lstm(packed)[0], batch_first=True)
        (-crf(projection(states), gold, mask=mask, reduction="mean")).backward()
        optimizer.step()

    return step


def bert_mini_train_step_b16_s128():
    """BERT-Mini (4 layers, hidden 256, 4 heads, FF 1024, dropout 0.1, post-LN, GELU) with a masked-language-model
    head (dense, GELU, LayerNorm, decoder tied to the 21,128 word embeddings of bert-base-chinese's vocabulary);
    batch 16, 128 tokens, loss on 19 masked positions per sentence (15 %), Adam."""
    vocabulary, width = 21128, 256

    class BertMini(nn.Module):
        def __init__(self):
            super().__init__()
            self.words, self.positions, self.types = nn.Embedding(vocabulary, width), nn.Embedding(512, width), nn.Embedding(2, width)
            self.norm, self.dropout = nn.LayerNorm(width, eps=1e-12), nn.Dropout(0.1)
            layer = nn.TransformerEncoderLayer(width, 4, 1024, dropout=0.1, activation="gelu", batch_first=True, layer_norm_eps=1e-12)
            self.encoder = nn.TransformerEncoder(layer, 4, enable_nested_tensor=False)
            self.transform = nn.Sequential(nn.Linear(width, width), nn.GELU(), nn.LayerNorm(width, eps=1e-12))
            self.bias = nn.Parameter(torch.zeros(vocabulary))

        def forward(self, ids, rows):
            positions = torch.arange(ids.shape[1]).unsqueeze(0)
            h = self.dropout(self.norm(self.words(ids) + self.positions(positions) + self.types(torch.zeros_like(ids))))
            masked = self.encoder(h).reshape(-1, width)[rows]
            return self.transform(masked) @ self.words.weight.T + self.bias

    model = BertMini()
    ids = torch.randint(0, vocabulary, (16, 128))
    rows = torch.tensor([sentence * 128 + position * 6 for sentence in range(16) for position in range(19)])
    targets = torch.randint(0, vocabulary, (16 * 19,))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()

    def step():
        optimizer.zero_grad()
        loss_fn(model(ids, rows), targets).backward()
        optimizer.step()

    return step


WORKLOADS = {
    "gemm_1024_ms": gemm_1024_ms,
    "mlp_train_step_b128": mlp_train_step_b128,
    "lenet_train_step_b64": lenet_train_step_b64,
    "vggbn_train_step_b32_32px": vggbn_train_step_b32_32px,
    "transformer_train_step_b32_s32": transformer_train_step_b32_s32,
    "lstm_train_step_b32_s32": lstm_train_step_b32_s32,
    "mobilenet_v2_infer_b1_224px": mobilenet_v2_infer_b1_224px,
    "mobilenet_v2_infer_b32_224px": mobilenet_v2_infer_b32_224px,
    "resnet18_infer_b1": lambda: classifier_inference("resnet18", 1, int8=False),
    "resnet18_int8_infer_b1": lambda: classifier_inference("resnet18", 1, int8=True),
    "resnet18_infer_b32": lambda: classifier_inference("resnet18", 32, int8=False),
    "resnet18_int8_infer_b32": lambda: classifier_inference("resnet18", 32, int8=True),
    "mobilenetv2_infer_b1": lambda: classifier_inference("mobilenet_v2", 1, int8=False),
    "mobilenetv2_int8_infer_b1": lambda: classifier_inference("mobilenet_v2", 1, int8=True),
    "mobilenetv2_infer_b32": lambda: classifier_inference("mobilenet_v2", 32, int8=False),
    "mobilenetv2_int8_infer_b32": lambda: classifier_inference("mobilenet_v2", 32, int8=True),
    "p06_seq2seq_train_step_b32_s24": p06_seq2seq_train_step_b32_s24,
    "bilstm_crf_train_step_b32_s64": bilstm_crf_train_step_b32_s64,
    "bert_mini_train_step_b16_s128": bert_mini_train_step_b16_s128,
}


def median_ms(step, repeats, warmup=3):
    for _ in range(warmup):
        step()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        step()
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("workloads", nargs="*")
    args = parser.parse_args()
    unknown = [w for w in args.workloads if w not in WORKLOADS]
    if unknown:
        parser.error(f"unknown workload(s) {', '.join(unknown)}; known: {', '.join(WORKLOADS)}")
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    for name, prepare in WORKLOADS.items():
        if args.workloads and name not in args.workloads:
            continue
        ms = median_ms(prepare(), args.repeats)
        print(json.dumps({"workload": name, "framework": "pytorch", "threads": args.threads, "median_ms": round(ms, 3)}))


if __name__ == "__main__":
    main()
