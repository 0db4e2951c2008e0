"""Reference values for the Text tests, from the libraries the Swift code must agree with.

Regenerate (from the repository root):

    python3 -m pip install sacrebleu==2.6.0 seqeval==1.2.2 tokenizers==0.23.3
    python3 Tests/TextTests/Fixtures/generate_fixtures.py

Writes, next to this script:
- bleu.json      sacreBLEU corpus_bleu / sentence_bleu / Tokenizer13a on tricky inputs
- seqeval.json   seqeval get_entities and precision/recall/F1 (default mode), accuracy
- wordpiece.json Hugging Face tokenizers: BertNormalizer + BertPreTokenizer + WordPiece on a fixed vocab
- bpe.json       merges learned from the shipped corpus by the reference algorithm below, and
                 the encodings Hugging Face's BPE model gives with those merges
"""
import json
import os
import random
from collections import Counter

import sacrebleu
from sacrebleu.metrics import BLEU
from sacrebleu.tokenizers.tokenizer_13a import Tokenizer13a
from seqeval.metrics import accuracy_score
from seqeval.metrics.sequence_labeling import get_entities, precision_recall_fscore_support
from tokenizers import Tokenizer, models, normalizers, pre_tokenizers

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "..", "..", "..", "Sources", "Text", "Resources", "devils-dictionary.txt")


def dump(name, value):
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        json.dump(value, f, ensure_ascii=False, indent=1)
        f.write("\n")


# ---------------------------------------------------------------- BLEU

def bleu_record(score):
    return {"score": score.score, "matches": list(score.counts), "totals": list(score.totals),
            "precisions": list(score.precisions), "bp": score.bp,
            "hyp_len": score.sys_len, "ref_len": score.ref_len}


def random_corpus(seed, n):
    rng = random.Random(seed)
    words = "the a cat dog sat on mat and ran away quickly , . ! 1,000 3.5 well-known 2-3".split()
    hyps, refs1, refs2 = [], [], []
    for _ in range(n):
        ref = [rng.choice(words) for _ in range(rng.randint(1, 12))]
        hyp = [w for w in ref if rng.random() > 0.2] + [rng.choice(words) for _ in range(rng.randint(0, 2))]
        if rng.random() < 0.3:
            rng.shuffle(hyp)
        ref2 = [w for w in ref if rng.random() > 0.1]
        hyps.append(" ".join(hyp))
        refs1.append(" ".join(ref))
        refs2.append(" ".join(ref2) if ref2 else "the")
    return hyps, [refs1, refs2]


def bleu_fixtures():
    corpus_cases = [
        ("identical", ["the cat sat on the mat"], [["the cat sat on the mat"]]),
        ("classic", ["The cat is on the mat.", "There is a cat on the mat."],
         [["The cat sat on the mat.", "The cat is on the mat."]]),
        ("empty hypothesis in corpus", ["", "a dog ran away quickly"], [["the cat", "a dog ran away"]]),
        ("only empty hypothesis", [""], [["the cat sat"]]),
        ("no match", ["alpha beta gamma delta"], [["one two three four"]]),
        ("short sentences", ["yes", "no way", "ok then"], [["yes", "no way out", "ok"]]),
        ("punctuation", ["Hello, world! (Really?) \"quoted\" {braces} [brackets] a/b c:d;e @home #tag $5 %",
                         "It's the end... isn't it?"],
         [["Hello world! (Really?) \"quoted\" {braces} [brackets] a/b c:d;e @home #tag $5 %",
           "It's the end... isn't it ?"]]),
        ("numbers with commas", ["It costs 1,000.50 dollars, or 2.5 euros.", "Pages 3-4 and 10-12, 1999-2000."],
         [["It costs 1,000 dollars, or 2.5 euros.", "Pages 3-4 and 10 - 12, 1999-2000."]]),
        ("multiple references", ["the cat is on the mat", "a quick brown fox"],
         [["the cat sat on the mat", "the quick brown fox"], ["there is a cat on the mat", "a fast brown fox jumps"],
          ["a cat is on a mat", "quick brown foxes"]]),
        ("unicode", ["Café crème brûlée — très bien… 東京は大きい 👍🏽", "naïve coöperation\u00a0costs 5\u3000yen"],
         [["Café crème brûlée — très bien! 東京は大きい 👍🏽", "naive cooperation costs 5 yen"]]),
        ("html entities and markers", ["&quot;hi&quot; &amp; bye &lt;b&gt; <skipped> well-\nknown", "trailing spaces   \t"],
         [["\"hi\" & bye <b> wellknown", "trailing spaces"]]),
        ("random corpus", *random_corpus(0, 60)),
    ]
    corpus = []
    for name, hyps, refs in corpus_cases:
        corpus.append({"name": name, "hypotheses": hyps, "references": refs,
                       **bleu_record(sacrebleu.corpus_bleu(hyps, refs))})
    lower = BLEU(lowercase=True).corpus_score(["The Cat SAT on the mat"], [["the cat sat on THE MAT"]])
    corpus.append({"name": "lowercase", "lowercase": True, "hypotheses": ["The Cat SAT on the mat"],
                   "references": [["the cat sat on THE MAT"]], **bleu_record(lower)})

    sentence_cases = [
        ("identical", "the cat sat on the mat", ["the cat sat on the mat"]),
        ("two words", "the cat", ["the cat sat"]),
        ("one word", "cat", ["the cat sat"]),
        ("empty", "", ["the cat sat"]),
        ("no bigram match", "cat the mat on", ["the cat sat on the mat"]),
        ("multiple references", "a cat is on the mat", ["the cat sat on the mat", "a cat is on a mat"]),
        ("punctuation", "Hello, world!", ["Hello world!"]),
        ("numbers", "It costs 1,000.50 dollars.", ["It costs 1,000.50 dollars!"]),
        ("unicode", "Grüße aus Köln, 東京!", ["Grüße aus Köln 東京"]),
    ]
    sentence = [{"name": n, "hypothesis": h, "references": r, **bleu_record(sacrebleu.sentence_bleu(h, r))}
                for n, h, r in sentence_cases]

    tok = Tokenizer13a()
    lines = ["Hello, world!", "1,000.50 and 3-4 or x-y", "a.b,c 5.", "(a) [b] {c} <d> a/b", "it's \"quoted\"",
             "&quot;x&quot; &amp;&lt;&gt;", "line-\nbreak\nnext", "tabs\tand\u00a0nbsp\u3000ideographic  ",
             "...,,,..", "U.S.A. 3.14. e.g., etc.", "Café — ok… 👍🏽", "x\u0301,y", ""]
    tokenizer = [{"input": line, "output": tok(line.rstrip())} for line in lines]
    dump("bleu.json", {"sacrebleu": sacrebleu.__version__, "corpus": corpus, "sentence": sentence, "tokenize13a": tokenizer})


# ---------------------------------------------------------------- seqeval

def seqeval_record(name, truth, pred):
    types, per = [], {}
    p, r, f, s = precision_recall_fscore_support(truth, pred, average=None)
    types = sorted({e[0] for e in get_entities(truth)} | {e[0] for e in get_entities(pred)})
    for i, t in enumerate(types):
        per[t] = [float(p[i]), float(r[i]), float(f[i]), int(s[i])]
    record = {"name": name, "truth": truth, "predicted": pred,
              "truth_entities": [list(e) for e in get_entities(truth)],
              "predicted_entities": [list(e) for e in get_entities(pred)],
              "per_type": per, "accuracy": accuracy_score(truth, pred)}
    for average in ["micro", "macro", "weighted"]:
        if types or average == "micro":
            p, r, f, _ = precision_recall_fscore_support(truth, pred, average=average)
            record[average] = [float(p), float(r), float(f)]
    return record


def random_tagging(seed, n):
    rng = random.Random(seed)
    tags = ["O", "O", "O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "I-MISC", "B-MISC"]
    truth, pred = [], []
    for _ in range(n):
        t = [rng.choice(tags) for _ in range(rng.randint(1, 10))]
        p = [x if rng.random() < 0.7 else rng.choice(tags) for x in t]
        truth.append(t)
        pred.append(p)
    return truth, pred


def seqeval_fixtures():
    cases = [
        ("perfect", [["B-PER", "I-PER", "O", "B-LOC"]], [["B-PER", "I-PER", "O", "B-LOC"]]),
        ("I without B", [["B-PER", "I-PER", "O", "B-LOC", "I-LOC"]], [["I-PER", "I-PER", "O", "I-LOC", "I-LOC"]]),
        ("type change inside entity", [["B-PER", "I-PER", "I-PER"]], [["B-PER", "I-LOC", "I-PER"]]),
        ("consecutive B", [["B-PER", "B-PER", "O"]], [["B-PER", "I-PER", "O"]]),
        ("boundary between sentences", [["O", "B-ORG", "I-ORG"], ["I-ORG", "O"]],
         [["O", "B-ORG", "I-ORG"], ["B-ORG", "O"]]),
        ("IOBES", [["S-PER", "B-LOC", "I-LOC", "E-LOC", "O"]], [["S-PER", "B-LOC", "E-LOC", "S-LOC", "O"]]),
        ("tags without type", [["B", "I", "O", "B-X"]], [["B", "O", "O", "B-X"]]),
        ("no predictions", [["B-PER", "O"], ["B-LOC", "I-LOC"]], [["O", "O"], ["O", "O"]]),
        ("only false positives", [["O", "O", "O"]], [["B-PER", "O", "I-ORG"]]),
        ("nothing at all", [["O", "O"]], [["O", "O"]]),
        ("random", *random_tagging(0, 200)),
    ]
    dump("seqeval.json", {"cases": [seqeval_record(*c) for c in cases]})


# ---------------------------------------------------------------- WordPiece

WORDPIECE_VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "!", "\"", "'", "(", ")", ",", "-", ".", "?", "…",
                   "a", "b", "c", "d", "e", "i", "n", "s", "t", "u", "東", "京",
                   "##a", "##b", "##c", "##d", "##e", "##s", "##t", "##n", "##ing", "##ed", "##ly", "##able", "##aff",
                   "un", "the", "cat", "cats", "run", "runn", "##er", "hello", "world", "over", "##s", "naive", "cafe",
                   "it", "isn", "don", "unaff", "Hello", "World", "The", "Café", "12", "##3", "3", "##00", "1"]

WORDPIECE_TEXTS = ["Hello, World!", "The cats ran over the mat.", "unaffable running runner", "Unaffable RUNNING",
                   "naïve café — don't!", "isn't it?", "東京 cats", "東京cats", "hello\u200bworld\u0000 \ufffd cat",
                   "tabs\tand\nnewlines\r\nhere", "x" * 101, "a" * 100, "catsss", "123 1300 1", "(the) \"cat\"…",
                   "##s cat##", "unknownword qqq", "", "Ünaffable"]


def wordpiece_fixtures():
    runs = []
    for lowercase in [True, False]:
        tk = Tokenizer(models.WordPiece({t: i for i, t in enumerate(dict.fromkeys(WORDPIECE_VOCAB))},
                                        unk_token="[UNK]", max_input_chars_per_word=100))
        tk.normalizer = normalizers.BertNormalizer(clean_text=True, handle_chinese_chars=True,
                                                   strip_accents=None, lowercase=lowercase)
        tk.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
        cases = []
        for text in WORDPIECE_TEXTS:
            words = [w for w, _ in tk.pre_tokenizer.pre_tokenize_str(tk.normalizer.normalize_str(text))]
            cases.append({"text": text, "words": words, "tokens": tk.encode(text, add_special_tokens=False).tokens})
        runs.append({"lowercase": lowercase, "cases": cases})
    dump("wordpiece.json", {"vocabulary": list(dict.fromkeys(WORDPIECE_VOCAB)), "runs": runs})


# ---------------------------------------------------------------- BPE

def learn_bpe(word_counts, num_merges, min_frequency=2):
    """Sennrich et al. (2016), Algorithm 1, with the end-of-word marker on the last character
    (subword-nmt) and ties broken by the smaller pair in string order: the rule the Swift trainer follows."""
    vocab = {tuple(w[:-1]) + (w[-1] + "</w>",): c for w, c in word_counts.items()}
    merges = []
    for _ in range(num_merges):
        pairs = Counter()
        for symbols, count in vocab.items():
            for a, b in zip(symbols, symbols[1:]):
                pairs[a, b] += count
        if not pairs:
            break
        best = min(pairs, key=lambda p: (-pairs[p], p))
        if pairs[best] < min_frequency:
            break
        merges.append(best)
        new_vocab = {}
        for symbols, count in vocab.items():
            out, i = [], 0
            while i < len(symbols):
                if i + 1 < len(symbols) and (symbols[i], symbols[i + 1]) == best:
                    out.append(symbols[i] + symbols[i + 1])
                    i += 2
                else:
                    out.append(symbols[i])
                    i += 1
            new_vocab[tuple(out)] = new_vocab.get(tuple(out), 0) + count
        vocab = new_vocab
    return merges


def bpe_fixtures():
    with open(CORPUS, encoding="utf-8") as f:
        lines = f.read().split("\n")[:400]
    words = Counter(" ".join(lines).split())
    merges = learn_bpe(words, 300)
    alphabet = sorted({c for w in words for c in w[:-1]} | {w[-1] + "</w>" for w in words})
    symbols = list(dict.fromkeys(alphabet + [a + b for a, b in merges]))
    model = models.BPE({s: i for i, s in enumerate(symbols)}, merges, end_of_word_suffix="</w>")
    probe = sorted(words)[::7] + ["unseenword", "abasement", "Dictionary", "definitions", "lowest", "a"]
    probe = [w for w in probe if all(c in {s.replace("</w>", "") for s in alphabet} for c in w)]
    encodings = {w: [t.value for t in model.tokenize(w)] for w in probe}
    dump("bpe.json", {"corpus_lines": 400, "merge_count": 300, "min_frequency": 2,
                      "merges": [list(m) for m in merges], "encodings": encodings})



if __name__ == "__main__":
    bleu_fixtures()
    seqeval_fixtures()
    wordpiece_fixtures()
    bpe_fixtures()
    print("fixtures written to", HERE)
