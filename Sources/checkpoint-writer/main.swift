// Saves a 1 MiB checkpoint to the path given, over and over, until killed.
// The reliability tests kill it with SIGKILL in the middle of saves.
import Foundation
import NN
import Tensors

guard CommandLine.arguments.count == 2 else {
    print("usage: checkpoint-writer <file.safetensors>")
    exit(2)
}
let url = URL(fileURLWithPath: CommandLine.arguments[1])
let layer = Linear(512, 512, bias: false)
var round = 0
while true {
    layer.weight.fill(Double(round))
    try layer.save(to: url, metadata: ["round": String(round)])
    round += 1
}
