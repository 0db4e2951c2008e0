#!/usr/bin/env bash
# Regenerates Sources/Interop/ONNX/onnx.pb.swift from onnx.proto (ONNX 1.23.2, Apache-2.0).
# Run once by hand when the schema changes; the generated file is committed and CI never runs this.
# Needs protoc (Debian: apt-get install protobuf-compiler) and pip; builds swift-protobuf's
# plugin (version 1.39.0, as in Package.swift) in a temporary folder, which takes minutes.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 -m pip download --no-deps --quiet --dest "$work" onnx==1.23.2
python3 -c "import sys, zipfile, glob; z = zipfile.ZipFile(glob.glob(sys.argv[1] + '/onnx-*.whl')[0]); open(sys.argv[1] + '/onnx.proto', 'wb').write(z.read('onnx/onnx.proto'))" "$work"
git clone --quiet --branch 1.39.0 --depth 1 https://github.com/apple/swift-protobuf "$work/swift-protobuf"
(cd "$work/swift-protobuf" && swift build -c release --product protoc-gen-swift)
protoc --plugin=protoc-gen-swift="$work/swift-protobuf/.build/release/protoc-gen-swift" --swift_opt=Visibility=Public \
       --swift_out="$root/Sources/Interop/ONNX" -I "$work" "$work/onnx.proto"
