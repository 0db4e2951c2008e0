#!/usr/bin/env bash
# Proves that another package can depend on this one by version: clones the committed
# tree into a temporary folder, tags it 1.0.0, and builds and runs a tiny consumer that
# names it with `.package(url: "file://...", from: "1.0.0")` and trains one step.
# SwiftPM refuses unsafe build flags in such a dependency; Package.swift leaves them out
# there (see `isDependency`). Usage: scripts/check-consumer.sh [--keep]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
[ "${1:-}" = "--keep" ] && echo "working in $work" || trap 'rm -rf "$work"' EXIT

git clone --quiet "$root" "$work/deep-learning-course"
git -C "$work/deep-learning-course" tag 1.0.0

mkdir -p "$work/consumer/Sources/Consumer"
cat > "$work/consumer/Package.swift" <<MANIFEST
// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Consumer",
    platforms: [.macOS(.v14)],
    dependencies: [.package(url: "file://$work/deep-learning-course", from: "1.0.0")],
    targets: [.executableTarget(name: "Consumer", dependencies: [.product(name: "DeepLearning", package: "deep-learning-course")])]
)
MANIFEST
cat > "$work/consumer/Sources/Consumer/main.swift" <<'SWIFT'
import DeepLearning

Random.seed(0)
let model = Sequential([Linear(4, 8), ReLU(), Linear(8, 2)])
let optimizer = SGD(model.parameters(), lr: 0.1)
let x = Tensor.randn([16, 4])
let y = Tensor(ints: (0..<16).map { x.scalars[4 * $0] > 0 ? 1 : 0 })
var losses: [Double] = []
for _ in 0..<20 {
    optimizer.zeroGrad()
    let loss = crossEntropy(model(x), y)
    loss.backward()
    optimizer.step()
    losses.append(loss.item)
}
print("consumer: loss \(losses.first!) -> \(losses.last!)")
guard losses.last! < losses.first! else { fatalError("training did not lower the loss") }
SWIFT

cd "$work/consumer"
swift build 2>&1 | tail -3
swift run --skip-build Consumer
