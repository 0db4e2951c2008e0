#!/usr/bin/env bash
# Formats the Swift sources with swift-format and the repository's .swift-format
# (4-space indents, lines of at most 160 characters where they can be broken).
#
#   scripts/format.sh            rewrite the files in place
#   scripts/format.sh --check    change nothing; fail if a file is not formatted (CI)
#
# Generated code is left alone: protobuf messages (*.pb.swift) and the doc snippets
# (Tests/DocSnippets, written by scripts/doc_snippets.py).
set -euo pipefail
cd "$(dirname "$0")/.."
files=()
while IFS= read -r -d '' file; do files+=("$file"); done < <(
    find Package.swift Sources Projects Lessons Tests Fuzz -name '*.swift' \
        -not -name '*.pb.swift' -not -path 'Tests/DocSnippets/*' -not -path '*/.build/*' -print0 | sort -z)
if [[ "${1:-}" == "--check" ]]; then
    swift format lint --strict --configuration .swift-format "${files[@]}"
    echo "${#files[@]} Swift files are formatted"
else
    swift format format --in-place --configuration .swift-format "${files[@]}"
fi
