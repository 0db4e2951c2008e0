#!/usr/bin/env python3
"""Check that the English and Chinese editions of the docs say the same things.

Pairs: README.md <-> README.zh-CN.md, and Docs/NAME.md <-> Docs/zh/NAME.md.
For each pair the two pages must have

- the same section anchors, in the same order: the English heading's GitHub
  slug equals the `<a id="...">` at the end of the Chinese heading, at the
  same heading level;
- the same standalone anchors (`<a id="m01-e03"></a>`) and exercise ids
  (M01-E03, M01_E03, P03-E01 ...);
- the same figures (image paths, resolved from each page's folder);
- the same measured numbers in the prose (decimals, percentages and integers
  of two or more digits; single digits are left out because the two
  languages count in words differently);
- the same code: every fenced block and every inline code span of one page
  appears, unchanged, in the other (doc paths such as `Docs/zh/M01.md` count
  as their English twins);
- a link to the other edition.

Usage: python3 scripts/check_translations.py [--root DIR]
Exits 0 when every pair agrees, 1 with one line per difference otherwise.
"""

import argparse
import os
import re
import sys
from collections import Counter

FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})(.*)$")
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
TRAILING_ANCHOR = re.compile(r'\s*<a id="([^"]+)"></a>\s*$')
STANDALONE_ANCHOR = re.compile(r'^\s*<a id="([^"]+)"></a>\s*$')
EXERCISE_ID = re.compile(r"\b([MP]\d\d[-_]E\d\d)\b")
IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)")
LINK = re.compile(r"\]\(([^)\s]+)")
INLINE_CODE = re.compile(r"(`+)(.+?)\1")
NUMBER = re.compile(r"(?<![A-Za-z0-9_.])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)*)(?![A-Za-z0-9_]|\.\d)")
HTML_TAG = re.compile(r"<[^>]+>")
URL_IN_LINK = re.compile(r"\]\([^)]*\)")


class Page:
    """The parts of a Markdown page that both editions must share."""

    def __init__(self, path, text):
        self.path = path
        self.headings = []        # (level, text, trailing anchor or None)
        self.anchors = []         # standalone <a id> anchors
        self.code_blocks = Counter()
        self.prose_lines = []
        fence = None
        block = []
        list_indent = None            # where the text of the list item we are in starts
        previous_blank, previous_code = True, False
        for line in text.splitlines():
            match = FENCE.match(line)
            if fence is not None:
                if match and match.group(2)[0] == fence[0] and len(match.group(2)) >= len(fence) \
                        and not match.group(3).strip():
                    self.code_blocks[_dedent(block)] += 1
                    fence, block = None, []
                else:
                    block.append(line)
                continue
            if match:
                fence, block = match.group(2), []
                previous_blank, previous_code = False, False
                continue
            indent = len(line) - len(line.lstrip(" "))
            item = LIST_ITEM.match(line)
            if line.strip() and not item and indent >= (list_indent or 0) + 4 and (previous_blank or previous_code):
                # An indented code block (the lessons' formulas), as CommonMark reads one.
                self.code_blocks[line.strip()] += 1
                previous_blank, previous_code = False, True
                continue
            if item:
                list_indent = len(item.group(0))
            elif line.strip() and indent == 0:
                list_indent = None
            heading = HEADING.match(line)
            if heading:
                title = heading.group(2)
                anchor = TRAILING_ANCHOR.search(title)
                if anchor:
                    title = title[:anchor.start()]
                self.headings.append((len(heading.group(1)), title, anchor.group(1) if anchor else None))
            standalone = STANDALONE_ANCHOR.match(line)
            if standalone:
                self.anchors.append(standalone.group(1))
            self.prose_lines.append(line)
            previous_blank, previous_code = not line.strip(), False
        if fence is not None:
            self.code_blocks[_dedent(block)] += 1

    @property
    def prose(self):
        return "\n".join(self.prose_lines)

    def exercise_ids(self):
        ids = set(EXERCISE_ID.findall(self.prose))
        for block in self.code_blocks:
            ids.update(EXERCISE_ID.findall(block))
        return {i.replace("_", "-") for i in ids}

    def images(self):
        folder = os.path.dirname(self.path)
        return {os.path.normpath(os.path.join(folder, target)) for target in IMAGE.findall(self.prose)}

    def links(self):
        folder = os.path.dirname(self.path)
        targets = set()
        for target in LINK.findall(self.prose):
            if "://" in target or target.startswith("#"):
                continue
            targets.add(os.path.normpath(os.path.join(folder, target.split("#")[0])))
        return targets

    def inline_code(self):
        spans = set()
        for line in self.prose.splitlines():
            for _, span in INLINE_CODE.findall(line):
                spans.add(english_doc_path(span.strip()))
        return spans

    def numbers(self):
        text = self.prose
        text = INLINE_CODE.sub(" ", text)
        text = URL_IN_LINK.sub("]", text)
        text = HTML_TAG.sub(" ", text)
        found = set()
        for token in NUMBER.findall(text):
            plain = token.replace(",", "")
            if "." in plain or len(plain) >= 2:
                found.add(plain)
        return found


def _dedent(lines):
    indents = [len(l) - len(l.lstrip()) for l in lines if l.strip()]
    cut = min(indents) if indents else 0
    return "\n".join(l[cut:].rstrip() for l in lines).strip("\n")


def english_doc_path(text):
    """`Docs/zh/M01.md#x` -> `Docs/M01.md#x`, `README.zh-CN.md` -> `README.md`."""
    text = re.sub(r"(^|/)zh/([^/\s]+\.md)", r"\1\2", text)
    return text.replace("README.zh-CN.md", "README.md")


def github_slug(title, seen):
    """The anchor GitHub gives a heading, with -1, -2 ... for repeats."""
    text = HTML_TAG.sub("", title)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = text.replace("`", "").strip().lower()
    text = re.sub(r"[^\w\- ]", "", text).replace(" ", "-")
    count = seen.get(text, 0)
    seen[text] = count + 1
    return text if count == 0 else f"{text}-{count}"


def pairs(root):
    """(English path, Chinese path) for every page of either edition."""
    found = [("README.md", "README.zh-CN.md")]
    docs = os.path.join(root, "Docs")
    names = set()
    for folder in (docs, os.path.join(docs, "zh")):
        if os.path.isdir(folder):
            names.update(n for n in os.listdir(folder) if n.endswith(".md"))
    for name in sorted(names):
        found.append((os.path.join("Docs", name), os.path.join("Docs", "zh", name)))
    return found


def _difference(label, english, chinese):
    problems = []
    missing = sorted(set(english) - set(chinese))
    extra = sorted(set(chinese) - set(english))
    if missing:
        problems.append(f"{label} only in the English page: {', '.join(map(str, missing))}")
    if extra:
        problems.append(f"{label} only in the Chinese page: {', '.join(map(str, extra))}")
    return problems


def compare(en, zh):
    """Every way the two pages differ, as sentences."""
    problems = []
    seen = {}
    en_sections = [(level, github_slug(title, seen)) for level, title, _ in en.headings]
    zh_sections = [(level, anchor) for level, _, anchor in zh.headings]
    for index in range(max(len(en_sections), len(zh_sections))):
        left = en_sections[index] if index < len(en_sections) else None
        right = zh_sections[index] if index < len(zh_sections) else None
        if left != right:
            def show(s):
                return "nothing" if s is None else "#" * s[0] + (f" #{s[1]}" if s[1] else " (no anchor)")
            problems.append(f"section {index + 1}: English has {show(left)}, Chinese has {show(right)}"
                            + (" (add <a id=\"...\"></a> at the end of the heading)"
                               if right and right[1] is None else ""))
            break
    problems += _difference("anchors", en.anchors, zh.anchors)
    problems += _difference("exercise ids", en.exercise_ids(), zh.exercise_ids())
    problems += _difference("figures", en.images(), zh.images())
    problems += _difference("numbers", en.numbers(), zh.numbers())
    problems += _difference("inline code", en.inline_code(), zh.inline_code())
    for block in sorted(set(en.code_blocks) | set(zh.code_blocks)):
        if en.code_blocks[block] != zh.code_blocks[block]:
            side = "English" if en.code_blocks[block] > zh.code_blocks[block] else "Chinese"
            first = block.splitlines()[0] if block else ""
            problems.append(f"code block only in the {side} page: {first[:70]!r}")
    if os.path.normpath(zh.path) not in en.links():
        problems.append(f"the English page does not link to {zh.path}")
    if os.path.normpath(en.path) not in zh.links():
        problems.append(f"the Chinese page does not link to {en.path}")
    return problems


def check(root):
    """All problems of the course at `root`, one line each."""
    report = []
    for en_path, zh_path in pairs(root):
        en_file, zh_file = os.path.join(root, en_path), os.path.join(root, zh_path)
        if not os.path.exists(en_file):
            report.append(f"{zh_path}: no English page {en_path}")
            continue
        if not os.path.exists(zh_file):
            report.append(f"{en_path}: no Chinese page {zh_path} (translate it, see Docs/zh/Glossary.md)")
            continue
        with open(en_file, encoding="utf-8") as f:
            en = Page(en_path, f.read())
        with open(zh_file, encoding="utf-8") as f:
            zh = Page(zh_path, f.read())
        report += [f"{zh_path}: {problem}" for problem in compare(en, zh)]
    return report


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    args = parser.parse_args()
    report = check(os.path.abspath(args.root))
    for line in report:
        print(line)
    if report:
        print(f"{len(report)} difference(s) between the English and Chinese editions.", file=sys.stderr)
        return 1
    print(f"English and Chinese editions agree ({len(pairs(os.path.abspath(args.root)))} pages).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
