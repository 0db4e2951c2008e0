// ddp: data-parallel training over MPI, and the checks of the Distributed module.
//
//   mpirun -np 2 ddp check                        collectives and equivalence with one process (JSON)
//   mpirun -np 2 ddp train --distributed          digits MLP, data-parallel (JSON timings)
//   ddp train                                     the same on one process, without MPI
//   mpirun -np 2 ddp fail --mode exit|hang --checkpoint FILE   a rank stops; the others must too
import DeepLearning
import Distributed
import Foundation

func value(_ name: String, in arguments: [String]) -> String? {
    arguments.firstIndex(of: name).flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
}

func printJSON(_ object: [String: Any]) throws {
    let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
}

let arguments = Array(CommandLine.arguments.dropFirst())
var group: ProcessGroup?
do {
    switch arguments.first {
    case "check":
        let world = try ProcessGroup.world(timeout: 60)
        group = world
        let report = try Check.run(world)
        if world.rank == 0 { try printJSON(report) }
    case "train":
        var options = Train.Options()
        options.distributed = arguments.contains("--distributed")
        options.epochs = value("--epochs", in: arguments).flatMap(Int.init) ?? options.epochs
        options.batch = value("--batch", in: arguments).flatMap(Int.init) ?? options.batch
        options.hidden = value("--hidden", in: arguments).flatMap(Int.init) ?? options.hidden
        options.checkpoint = value("--checkpoint", in: arguments).map { URL(fileURLWithPath: $0) }
        if options.distributed { group = try ProcessGroup.world() }
        let report = try Train.run(options, group: group)
        if (group?.rank ?? 0) == 0 { try printJSON(report) }
    case "fail":
        let world = try ProcessGroup.world()
        group = world
        try Fail.run(world, mode: value("--mode", in: arguments) ?? "exit",
                     checkpoint: URL(fileURLWithPath: value("--checkpoint", in: arguments) ?? "ddp-fail.safetensors"))
    default:
        print("usage: ddp check | ddp train [--distributed] [--epochs N] [--batch B] [--hidden H] [--checkpoint FILE] | ddp fail --mode exit|hang --checkpoint FILE")
        exit(2)
    }
    try group?.finalize()
} catch {
    FileHandle.standardError.write("ddp: \(error)\n".data(using: .utf8)!)
    // Stop the whole job: the other ranks would otherwise wait for this one.
    group?.abort(code: 1)
    exit(1)
}
