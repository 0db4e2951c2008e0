#!/usr/bin/env bash
# Builds a libFuzzer harness for every reader of outside bytes (Fuzz/Harnesses) against
# the library sources and runs each for a set time on its seed corpus (Fuzz/Corpus/<name>),
# with the tokens of Fuzz/Dictionaries/<name>.dict where there is one.
#
#   scripts/fuzz.sh                 every harness for 60 s
#   scripts/fuzz.sh --seconds 600   every harness for 10 minutes
#   scripts/fuzz.sh --smoke         every harness for 2 s (CI)
#   scripts/fuzz.sh idx png         only these harnesses
#   scripts/fuzz.sh --seeds         rewrite the seed corpora with the library's own writers
#
# Needs swiftc with -sanitize=fuzzer (Swift on Linux has it). The build lives in
# .build-fuzz/ and does not touch `swift build`. New inputs go to .build-fuzz/corpus/<name>;
# a crash stops the run, is saved as .build-fuzz/crash-<name>-*, and makes the script fail.
# Copy it into Tests/*/Fixtures/Fuzz/ and add a regression test when fixed.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=60
seeds=no
names=()
while [ $# -gt 0 ]; do
    case "$1" in
        --smoke) seconds=2 ;;
        --seconds) seconds="$2"; shift ;;
        --seeds) seeds=yes ;;
        *) names+=("$1") ;;
    esac
    shift
done
[ ${#names[@]} -gt 0 ] || names=($(ls Fuzz/Harnesses | sed 's/\.swift$//'))

build=.build-fuzz
export SWIFT_BACKTRACE=enable=no   # let libFuzzer, not the Swift backtracer, report a trap
export ASAN_OPTIONS=detect_leaks=0   # Foundation keeps some buffers until exit; leaks are not what this hunts
mkdir -p "$build"
flags=(-sanitize=fuzzer,address -parse-as-library -enable-testing -Onone -g -package-name DeepLearningCourse -I "$build"
       $(pkg-config --cflags openblas libpng libjpeg zlib | sed 's/-I/-Xcc -I/g'))
libs=($(pkg-config --libs openblas libpng libjpeg zlib) -ldl)

# C modules: a system library (Sources/X/module.modulemap) is used as it is; a C target
# (Sources/X/include/*.h and *.c) is compiled into libX.a with a module map for its headers.
for c in Sources/C*; do
    name=$(basename "$c")
    if [ -f "$c/module.modulemap" ]; then flags+=(-I "$c"); continue; fi
    [ -d "$c/include" ] || continue
    mkdir -p "$build/$name"
    { echo "module $name {"; for h in "$PWD/$c"/include/*.h; do echo "    header \"$h\""; done; echo "    export *"; echo "}"; } >"$build/$name/module.modulemap"
    flags+=(-I "$build/$name")
    objects=()
    for source in "$c"/*.c; do
        [ -f "$source" ] || continue
        clang -c -O1 -fPIC -I "$c/include" $(pkg-config --cflags openblas) "$source" -o "$build/$name-$(basename "$source" .c).o"
        objects+=("$build/$name-$(basename "$source" .c).o")
    done
    if [ ${#objects[@]} -gt 0 ]; then ar rcs "$build/lib$name.a" "${objects[@]}"; libs=(-L "$build" -l"$name" "${libs[@]}"); fi
done

# module name, dependencies, source folders; rebuilt when a source is newer than the library.
module() {
    local name="$1"; shift
    local sources=$(find "$@" -name '*.swift' | sort)
    local lib="$build/lib$name.a"
    if [ -f "$lib" ] && [ -z "$(find $sources -newer "$lib" | head -1)" ]; then return; fi
    echo "fuzz: compiling $name"
    swiftc "${flags[@]}" -module-name "$name" -emit-module -emit-module-path "$build/$name.swiftmodule" \
        -emit-library -static -wmo -o "$lib" $sources
}
module FileIO Sources/FileIO
module Tensors Sources/Tensors
module ImageFiles Sources/ImageFiles
module Datasets Sources/Datasets Fuzz/Support
module NN Sources/NN
module Text Sources/Text Fuzz/Support
module CourseKit Sources/CourseKit
module Workbook Sources/Workbook/Checks Sources/Workbook/Exports.swift   # the lesson runner reads no outside bytes
# The ONNX reader: its protobuf runtime (checked out by SwiftPM) and the layers it builds on.
[ -d .build/checkouts/swift-protobuf ] || swift package resolve
module Plots Sources/Plots
module Vision Sources/Vision
module Quantization Sources/Quantization
module SwiftProtobuf .build/checkouts/swift-protobuf/Sources/SwiftProtobuf
module Interop Sources/Interop

status=0
for name in "${names[@]}"; do
    harness="Fuzz/Harnesses/$name.swift"
    binary="$build/fuzz-$name"
    if [ ! -f "$binary" ] || [ "$harness" -nt "$binary" ] || [ -n "$(find "$build" -name '*.a' -newer "$binary" | head -1)" ]; then
        swiftc "${flags[@]}" "$harness" Fuzz/Common/Seeds.swift -o "$binary" -L "$build" -lInterop -lSwiftProtobuf -lQuantization -lVision -lPlots -lWorkbook -lCourseKit -lText -lNN -lDatasets -lImageFiles -lTensors -lFileIO \
            "${libs[@]}" 2>"$build/link-$name.log" || { cat "$build/link-$name.log"; exit 1; }   # ld warns about ASan symbols
    fi
    if [ $seeds = yes ]; then
        rm -rf "Fuzz/Corpus/$name"
        FUZZ_WRITE_SEEDS="Fuzz/Corpus/$name" "$binary" >"$build/seeds-$name.log" 2>&1 || { cat "$build/seeds-$name.log"; exit 1; }
        echo "fuzz $name: $(ls "Fuzz/Corpus/$name" | wc -l) seeds"
        continue
    fi
    corpus="$build/corpus/$name"
    mkdir -p "$corpus"
    log="$build/fuzz-$name.log"
    dict=(); [ -f "Fuzz/Dictionaries/$name.dict" ] && dict=(-dict="Fuzz/Dictionaries/$name.dict")
    if "$binary" "$corpus" "Fuzz/Corpus/$name" "${dict[@]}" -max_total_time="$seconds" -max_len=4096 -rss_limit_mb=2048 \
        -timeout=10 -detect_leaks=0 -artifact_prefix="$build/crash-$name-" -print_final_stats=1 >"$log" 2>&1; then
        runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
        echo "fuzz $name: $runs executions in ${seconds}s, no crash"
    else
        status=1
        echo "fuzz $name: CRASH, see $log"
        grep -m1 -A3 'ERROR\|Fatal error\|deadly signal' "$log" || tail -20 "$log"
    fi
done
exit $status
