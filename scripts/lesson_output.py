#!/usr/bin/env python3
"""Checks that the runs a lesson page quotes are the lesson's own output.

Every ```text block of a lesson page (Docs/Mxx.md and Docs/zh/Mxx.md) quotes the
lesson's output, abridged: each of its lines, except lines of dots that mark a cut,
must be a line the lesson prints, in the same order. Words must be the same; numbers
may differ only as much as another CPU changes them (a different summation order in
the BLAS kernels changes the last digits of a loss and can move an accuracy by a few
tenths of a point). A number printed with d decimals may move by ten units of its
last place or by RELATIVE of its size, whichever is more; an integer or a number in
e-notation by RELATIVE alone; numbers below TINY (round-off measurements such as
1.0e-17) only need to stay that small. Durations ("1.4 s", "220 ms") and text a
model generated, which the lessons print in double quotes, are not compared.

    python3 scripts/lesson_output.py --check M01 M03     run each lesson and compare
    python3 scripts/lesson_output.py --update M02        rewrite the quoted lines from a run
    python3 scripts/lesson_output.py --check M01 --log out.txt    compare a saved run

--update keeps the page's cuts and its generated text and replaces each quoted line with
the line it matched, so the numbers on the page are the numbers of this machine's run
(numbers in the prose around the blocks are the writer's to update).
"""

import argparse
import os
import re
import subprocess
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
RELATIVE = 0.02
TINY = 1e-5
NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
QUOTED = re.compile(r'"[^"]*"')
DURATION = re.compile(r"(?<![\w.])\d+(?:\.\d+)?\s?(?:ms|s|min)\b")
CUT = re.compile(r"^\s*(?:\.\.\.|…)\s*$")
ESCAPES = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def quoted_blocks(page):
    """The page's lines, and the (start, end) line indices of each ```text block's body."""
    lines, blocks, start = page.split("\n"), [], None
    for i, line in enumerate(lines):
        if start is None and line.strip() == "```text":
            start = i + 1
        elif start is not None and line.strip() == "```":
            blocks.append((start, i))
            start = None
    if start is not None:
        raise ValueError("a ```text block is not closed")
    return lines, blocks


def skeleton(line):
    """The line with durations and numbers replaced by placeholders, and the numbers as
    printed."""
    line = DURATION.sub("<duration>", QUOTED.sub('"<text>"', line.rstrip()))
    return NUMBER.sub("<n>", line), NUMBER.findall(line)


def close(doc, run):
    """Whether the printed numbers `doc` and `run` differ by no more than a CPU can move them."""
    a, b = float(doc), float(run)
    if abs(a) < TINY and abs(b) < TINY:
        return True
    in_e_notation = "e" in doc.lower()
    decimals = len(doc.split(".")[1]) if "." in doc and not in_e_notation else 0
    last_place = 10 * 10.0**-decimals if decimals else 0.0
    return abs(a - b) <= max(last_place, RELATIVE * max(abs(a), abs(b)))


def compare(quoted, output):
    """Matches each quoted line to a later output line. Returns (matched output line or
    None) for each quoted line, and the problems found."""
    printed = [skeleton(line) for line in output]
    problems, found, position = [], [], 0
    for number, line in enumerate(quoted, 1):
        if CUT.match(line) or not line.strip():
            found.append(None)
            continue
        words, numbers = skeleton(line)
        same_words = [i for i in range(position, len(output)) if printed[i][0] == words]
        hit = next((i for i in same_words if all(close(d, r) for d, r in zip(numbers, printed[i][1]))), None)
        if hit is None:
            if same_words:
                problems.append(f"line {number}: numbers differ beyond the tolerance\n    page: {line}\n    run:  {output[same_words[0]]}")
            else:
                problems.append(f"line {number}: the lesson does not print this line (after the lines before it)\n    page: {line}")
            found.append(None)
            continue
        found.append(output[hit])
        position = hit + 1
    return found, problems


def run_lesson(lesson):
    print(f"running swift run {lesson} ...", file=sys.stderr, flush=True)
    result = subprocess.run(["swift", "run", lesson], cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"swift run {lesson} failed with status {result.returncode}:\n{result.stderr[-4000:]}")
    return result.stdout


def output_lines(text):
    # A progress bar redraws its line with carriage returns: keep what was drawn last.
    return [ESCAPES.sub("", line.split("\r")[-1]) for line in text.split("\n")]


def keeping_quotes(doc, run):
    """`run`, with the page's generated text in quotes kept (the page may abridge it)."""
    quotes = iter(QUOTED.findall(doc))
    return QUOTED.sub(lambda _: next(quotes), run)


def check_page(path, output, update):
    with open(path, encoding="utf-8") as file:
        page = file.read()
    lines, blocks = quoted_blocks(page)
    if not blocks:
        return [f"{os.path.relpath(path, ROOT)}: no ```text block quotes the lesson"]
    problems = []
    for start, end in blocks:
        found, block_problems = compare(lines[start:end], output)
        problems += [f"{os.path.relpath(path, ROOT)}, block at line {start}: {problem}" for problem in block_problems]
        if update and not block_problems:
            lines[start:end] = [doc if run is None else keeping_quotes(doc, run) for doc, run in zip(lines[start:end], found)]
    updated = "\n".join(lines)
    if update and updated != page:
        with open(path, "w", encoding="utf-8") as file:
            file.write(updated)
        print(f"updated {os.path.relpath(path, ROOT)}")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("lessons", nargs="+", help="lessons to run, such as M01")
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true", help="compare; change nothing")
    mode.add_argument("--update", action="store_true", help="rewrite the quoted lines from the run")
    parser.add_argument("--log", help="a saved run of the one lesson named, instead of running it")
    args = parser.parse_args()
    if args.log and len(args.lessons) != 1:
        parser.error("--log needs exactly one lesson")
    problems = []
    for lesson in args.lessons:
        if args.log:
            with open(args.log, encoding="utf-8") as file:
                text = file.read()
        else:
            text = run_lesson(lesson)
        output = output_lines(text)
        for page in (os.path.join(ROOT, "Docs", f"{lesson}.md"), os.path.join(ROOT, "Docs", "zh", f"{lesson}.md")):
            problems += check_page(page, output, args.update)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        sys.exit(f"{len(problems)} quoted line(s) are not the lessons' output")
    print(f"the runs quoted by {', '.join(args.lessons)} are the lessons' own output")


if __name__ == "__main__":
    main()
