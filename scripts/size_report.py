#!/usr/bin/env python3
"""The size of the library, module by module, in Docs/Architecture.md (both editions).

For every folder of Sources/ (the library's modules, its C shims and its tools) it
counts files, lines of code (not blank, not only a comment) and comment lines, and
writes the table between the markers `<!-- size-report -->` and
`<!-- /size-report -->` of Docs/Architecture.md and Docs/zh/Architecture.md.
Generated code (`*.pb.swift`) is counted apart, so it does not hide the rest.

Usage: python3 scripts/size_report.py [--check] [--root DIR]
--check writes nothing and exits 1 when a page's table is not current (CI runs it).
"""

import argparse
import os
import re
import sys

START, END = "<!-- size-report -->", "<!-- /size-report -->"
SOURCE_SUFFIXES = (".swift", ".c", ".h")
HEADINGS = {
    "en": "| module | files | lines of code | comment lines | generated lines |",
    "zh": "| 模块 | 文件数 | 代码行 | 注释行 | 生成代码行 |",
}


def count_file(path):
    code = comments = 0
    in_block = False
    with open(path, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            text = line.strip()
            if not text:
                continue
            if in_block:
                comments += 1
                in_block = "*/" not in text
                continue
            if text.startswith("//"):
                comments += 1
            elif text.startswith("/*"):
                comments += 1
                in_block = "*/" not in text
            else:
                code += 1
    return code, comments


def measure(root):
    rows = []
    sources = os.path.join(root, "Sources")
    for module in sorted(os.listdir(sources)):
        folder = os.path.join(sources, module)
        if not os.path.isdir(folder):
            continue
        files = code = comments = generated = 0
        for directory, _, names in os.walk(folder):
            for name in names:
                if not name.endswith(SOURCE_SUFFIXES):
                    continue
                c, k = count_file(os.path.join(directory, name))
                files += 1
                if name.endswith(".pb.swift"):
                    generated += c + k
                else:
                    code, comments = code + c, comments + k
        rows.append((module, files, code, comments, generated))
    return rows


def table(rows, language):
    lines = [HEADINGS[language], "|---|---:|---:|---:|---:|"]
    for module, files, code, comments, generated in rows:
        lines.append(f"| `{module}` | {files} | {code:,} | {comments:,} | {generated:,} |")
    total = [sum(row[i] for row in rows) for i in range(1, 5)]
    name = "total" if language == "en" else "合计"
    lines.append(f"| {name} | {total[0]} | {total[1]:,} | {total[2]:,} | {total[3]:,} |")
    return "\n".join(lines)


def update(path, rows, language, check):
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.S)
    if not pattern.search(text):
        sys.exit(f"{path}: no {START} ... {END} markers")
    new = pattern.sub(lambda _: f"{START}\n{table(rows, language)}\n{END}", text)
    if new == text:
        return True
    if check:
        print(f"{path}: the size report is not current; run python3 scripts/size_report.py")
        return False
    with open(path + ".tmp", "w", encoding="utf-8") as handle:
        handle.write(new)
    os.replace(path + ".tmp", path)
    print(f"updated {path}")
    return True


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    arguments = parser.parse_args()
    rows = measure(arguments.root)
    pages = [("Docs/Architecture.md", "en"), ("Docs/zh/Architecture.md", "zh")]
    current = [update(os.path.join(arguments.root, page), rows, language, arguments.check) for page, language in pages]
    sys.exit(0 if all(current) else 1)


if __name__ == "__main__":
    main()
