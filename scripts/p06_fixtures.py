#!/usr/bin/env python3
"""Reference numbers for P06's tokenizer and metrics, from Hugging Face `tokenizers` and sacreBLEU.

    pip install tokenizers==0.23.3 sacrebleu==2.6.0
    python3 scripts/p06_fixtures.py [--data ~/.cache/deep-learning-course/P06]

Writes into Tests/TextTests/Fixtures/:
  p06_corpus.txt           400 lines (200 English/Chinese pairs of LibreOffice help, MPL-2.0), the BPE input
  p06_bpe.json             BpeTrainer's vocabulary and merges on that corpus, and encodings of sample texts
  p06_hf_tokenizer.json    the tokenizer.json that `tokenizers` saves for it
  p06_sacrebleu.json       BLEU (tokenizers zh and 13a) and chrF of sample hypotheses
The corpus file is only (re)built from `--data` when it is missing.
"""
import argparse, json, os
from tokenizers import Tokenizer, models, trainers, pre_tokenizers, decoders
import sacrebleu

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "TextTests", "Fixtures")
SPECIALS = ["<pad>", "<unk>", "<bos>", "<eos>"]
VOCAB = 1000


def corpus(data):
    path = os.path.join(HERE, "p06_corpus.txt")
    if not os.path.exists(path):
        lines = []
        with open(os.path.join(os.path.expanduser(data), "train.tsv"), encoding="utf-8") as f:
            for i, line in enumerate(f):
                if i % 97 == 0:
                    en, zh = line.rstrip("\n").split("\t")[:2]
                    lines += [en, zh]
                if len(lines) >= 400:
                    break
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
    with open(path, encoding="utf-8") as f:
        return f.read().rstrip("\n").split("\n")


def bpe(lines):
    tok = Tokenizer(models.BPE(unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always", split=True)
    tok.decoder = decoders.Metaspace(replacement="\u2581", prepend_scheme="always", split=True)
    tok.train_from_iterator(lines, trainers.BpeTrainer(vocab_size=VOCAB, special_tokens=SPECIALS, show_progress=False))
    tok.save(os.path.join(HERE, "p06_hf_tokenizer.json"))
    model = json.loads(tok.to_str())["model"]
    vocab = sorted(model["vocab"].items(), key=lambda kv: kv[1])
    samples = lines[:20] + ["Click OK.", "  leading and  double spaces ", "选择「格式 - 单元格」。", "emoji \U0001F600 and ▁ marker",
                            "Ünïcödé naïve café", "x"]
    encodings = [{"text": s, "ids": tok.encode(s).ids, "decoded": tok.decode(tok.encode(s).ids)} for s in samples]
    return {"vocab_size": VOCAB, "specials": SPECIALS, "tokens": [t for t, _ in vocab],
            "merges": [list(m) if isinstance(m, list) else m.split(" ", 1) for m in model["merges"]], "encodings": encodings}


def metrics():
    zh_refs = ["选择「格式 - 单元格」，然后单击“确定”。", "在 2023 年，LibreOffice 7.4 发布了。", "打开文档。", "这是 1,000.5 个单元格—测试"]
    zh_hyps = ["选择“格式 - 单元格”，然后单击确定。", "LibreOffice 7.4 于 2023 年发布。", "打开文件。", "这是1,000.5个单元格-测试"]
    en_refs = ["Choose Format - Cells, then click OK.", "The value is 1,000.5 (approx.) for cells A1:B2.",
               "Opens the document.", "Don't use \"quotes\" & <tags> here."]
    en_hyps = ["Choose Format - Cells and click OK.", "The value is 1,000.5 for the cells A1:B2.",
               "Open a document.", "Do not use \"quotes\" & <tags> here."]
    out = {}
    for name, hyps, refs, tok in [("zh", zh_hyps, zh_refs, "zh"), ("en", en_hyps, en_refs, "13a")]:
        bleu = sacrebleu.BLEU(tokenize=tok)
        score = bleu.corpus_score(hyps, [refs])
        chrf = sacrebleu.CHRF()
        out[name] = {"hypotheses": hyps, "references": refs, "bleu": score.score, "counts": score.counts, "totals": score.totals,
                     "bleu_signature": str(bleu.get_signature()), "chrf": chrf.corpus_score(hyps, [refs]).score,
                     "chrf_signature": str(chrf.get_signature()),
                     "tokenized": [sacrebleu.tokenizers.tokenizer_zh.TokenizerZh()(h) if tok == "zh" else h for h in hyps]}
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="~/.cache/deep-learning-course/P06")
    args = parser.parse_args()
    lines = corpus(args.data)
    with open(os.path.join(HERE, "p06_bpe.json"), "w", encoding="utf-8") as f:
        json.dump(bpe(lines), f, ensure_ascii=False, indent=1)
    with open(os.path.join(HERE, "p06_sacrebleu.json"), "w", encoding="utf-8") as f:
        json.dump(metrics(), f, ensure_ascii=False, indent=1)
    print("wrote", HERE)
