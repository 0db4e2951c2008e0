#!/usr/bin/env python3
"""Every ```swift block of README.md, README.zh-CN.md, Docs/ and Docs/zh/, compiled.

Each block becomes the body of an `async throws` function in Tests/DocSnippets/<Page>.swift
(a block already compiled for another page, as the Chinese edition's copies are, only once),
a file of the executable target DocSnippets, which `swift build` and `swift test` compile
(and nothing runs): a snippet that stops compiling after an API change fails the build.
Its `import` lines move to the top of the file; DeepLearning, Workbook and Foundation are
always imported.

A block that needs names it does not declare gets them from an HTML comment right above
it, which renders as nothing:

    <!-- snippet: let model = LeNet5(); let (train, test) = try MNIST.subset5k() -->

Declarations in the comment come before the block; with `{{snippet}}` in it, the block goes
there instead (to wrap it in a function, say). A block that quotes a file of the course
says so, and must then appear in that file line for line (indentation aside):

    <!-- snippet: excerpt of Tests/M01Tests/E03_LinearBackwardTests.swift -->

Usage: python3 scripts/doc_snippets.py [--check] [--root DIR]
--check writes nothing and exits 1 when a generated file is not current or an excerpt
is not in its file (CI runs it).
"""

import argparse
import os
import re
import sys

OUT = os.path.join("Tests", "DocSnippets")
ALWAYS = ["import DeepLearning", "import Foundation", "import Workbook"]
BLOCK = re.compile(r"(?:<!--\s*snippet:(?P<directive>(?:(?!-->)[^`])*?)-->[ \t]*\n)?(?P<indent>[ \t]*)```swift\n(?P<body>.*?)(?P=indent)```",
                   re.S)
EXCERPT = re.compile(r"^\s*excerpt of (\S+)\s*$", re.S)


def pages(root):
    """The Markdown pages in the order their files are written."""
    found = [name for name in ("README.md", "README.zh-CN.md") if os.path.exists(os.path.join(root, name))]
    for folder in ("Docs", os.path.join("Docs", "zh")):
        path = os.path.join(root, folder)
        if os.path.isdir(path):
            found += sorted(os.path.join(folder, n) for n in os.listdir(path) if n.endswith(".md"))
    return found


def dedent(lines):
    width = min((len(l) - len(l.lstrip()) for l in lines if l.strip()), default=0)
    return [l[width:] if l.strip() else "" for l in lines]


def blocks(text):
    """(line number, directive or None, dedented lines) for each swift block of a page."""
    for match in BLOCK.finditer(text):
        line = text.count("\n", 0, match.start("indent")) + 1
        body = match.group("body").split("\n")
        if body and body[-1].strip() == "":
            body.pop()
        yield line, match.group("directive"), dedent(body)


def contains(haystack, needle):
    needle = [l.rstrip() for l in dedent(needle)]
    stripped = [l.strip() for l in haystack]
    for start in range(len(haystack) - len(needle) + 1):
        if all(stripped[start + i] == n.strip() for i, n in enumerate(needle)):
            window = dedent(haystack[start:start + len(needle)])
            if [l.rstrip() for l in window] == needle:
                return True
    return False


def stem(page):
    """Docs/zh/M01.md -> zh_M01, README.zh-CN.md -> README_zh_CN."""
    return re.sub(r"\W", "_", page.removeprefix("Docs" + os.sep).removesuffix(".md").replace(os.sep, "_"))


def split_imports(line):
    """`import Distributed; let x = 1` -> ["import Distributed", "let x = 1"]."""
    pieces = []
    while line.lstrip().startswith("import ") and ";" in line:
        head, line = line.split(";", 1)
        pieces.append(head.strip())
        line = line.strip()
    return pieces + [line] * bool(line.strip())


def snippet_code(directive, body):
    """The imports and the function body of one block: its context from the directive, with
    the block after it or at `{{snippet}}`, import lines taken out."""
    context = dedent(directive.strip("\n").split("\n")) if directive and directive.strip() else []
    context = [piece for line in context for piece in split_imports(line)]
    is_import = lambda line: line.startswith(("import ", "@testable import "))
    imports = {line.strip() for line in context + body if is_import(line)}
    context, body = [l for l in context if not is_import(l)], [l for l in body if not is_import(l)]
    at = next((i for i, l in enumerate(context) if "{{snippet}}" in l), None)
    if at is None:
        return imports, context + body
    before, after = context[at].split("{{snippet}}", 1)
    pad = before[:len(before) - len(before.lstrip())] + ("    " if before.strip() else "")
    return imports, (context[:at] + [before.rstrip()] * bool(before.strip()) + [pad + l if l else "" for l in body]
                     + [pad[:-4] + after.strip()] * bool(after.strip()) + context[at + 1:])


def function_name(page, number):
    return f"snippet_{stem(page)}_{number}"


def generate(root):
    """{file name: contents} of Tests/DocSnippets, and the problems found."""
    files, problems, seen = {}, [], set()
    for page in pages(root):
        with open(os.path.join(root, page), encoding="utf-8") as handle:
            text = handle.read()
        imports, functions = set(ALWAYS), []
        for number, (line, directive, body) in enumerate(blocks(text), 1):
            where = f"{page}:{line}"
            excerpt = EXCERPT.match(directive or "")
            if excerpt:
                path = os.path.join(root, excerpt.group(1))
                if not os.path.exists(path):
                    problems.append(f"{where}: the excerpt's file {excerpt.group(1)} does not exist")
                else:
                    with open(path, encoding="utf-8") as handle:
                        if not contains(handle.read().split("\n"), body):
                            problems.append(f"{where}: the block is not in {excerpt.group(1)} as it stands")
                continue
            if (directive, tuple(body)) in seen:
                continue  # the same block on another page (the Chinese edition quotes the English code)
            seen.add((directive, tuple(body)))
            block_imports, code = snippet_code(directive, body)
            imports.update(block_imports)
            functions.append(f"// {page}, block {number}\nfunc {function_name(page, number)}() async throws {{\n"
                             + "\n".join(("    " + l) if l else "" for l in code) + "\n}\n")
        if functions:
            name = stem(page) + ".swift"
            header = (f"// Generated by scripts/doc_snippets.py from {page}: edit the page, then run the script.\n"
                      "// Compiled, never run: a snippet that stops compiling fails the build.\n")
            files[name] = header + "\n".join(sorted(imports)) + "\n\n" + "\n".join(functions)
    files["main.swift"] = ("// The doc snippets (the other files, generated by scripts/doc_snippets.py) are compiled, never run.\n")
    return files, problems


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    args = parser.parse_args()
    files, problems = generate(args.root)
    folder = os.path.join(args.root, OUT)
    existing = set(os.listdir(folder)) if os.path.isdir(folder) else set()
    stale = sorted(n for n in files if not os.path.exists(os.path.join(folder, n))
                   or open(os.path.join(folder, n), encoding="utf-8").read() != files[n])
    extra = sorted(existing - set(files))
    if args.check:
        problems += [f"{OUT}/{n} is not current: run python3 scripts/doc_snippets.py" for n in stale]
        problems += [f"{OUT}/{n} comes from no page: run python3 scripts/doc_snippets.py" for n in extra]
    else:
        os.makedirs(folder, exist_ok=True)
        for name in stale:
            with open(os.path.join(folder, name), "w", encoding="utf-8") as handle:
                handle.write(files[name])
        for name in extra:
            os.remove(os.path.join(folder, name))
    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print(f"{sum(f.count('func snippet_') for f in files.values())} snippets in {len(files) - 1} files"
              + (" are current" if args.check else f" ({len(stale)} written)"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
