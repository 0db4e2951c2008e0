// ddp: data-parallel training over MPI, and the checks of the Distributed module.
//
//   mpirun -np 2 ddp check                        collectives and equivalence with one process (JSON)
//   mpirun -np 2 ddp train --distributed          digits MLP, data-parallel (JSON timings)
//   ddp train                                     the same on one process, without MPI
//   mpirun -np 2 ddp fail --mode exit|hang --checkpoint FILE   a rank stops; the others must too
import ArgumentParser
import DeepLearning
import Distributed
import Foundation

func printJSON(_ object: [String: Any]) throws {
    let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
}

/// Runs one rank's work. On an error, stops the whole job (the other ranks would
/// otherwise wait for this one) and exits 1; otherwise leaves MPI cleanly.
func asRank(_ body: (inout ProcessGroup?) throws -> Void) {
    var group: ProcessGroup?
    do {
        try body(&group)
        try group?.finalize()
    } catch {
        FileHandle.standardError.write("ddp: \(error)\n".data(using: .utf8)!)
        group?.abort(code: 1)
        exit(1)
    }
}

struct DDP: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ddp", abstract: "Data-parallel training over MPI, and the checks of the Distributed module.",
        subcommands: [CheckCommand.self, TrainCommand.self, FailCommand.self])
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Collectives, and equivalence with one process (JSON from rank 0). Run under mpirun.")

    func run() {
        asRank { group in
            let world = try ProcessGroup.world(timeout: 60)
            group = world
            let report = try Check.run(world)
            if world.rank == 0 { try printJSON(report) }
        }
    }
}

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train", abstract: "Trains the digits MLP (JSON timings); data-parallel with --distributed under mpirun.")

    @Flag(help: "Split each batch over the MPI processes.") var distributed = false
    @Option(help: "Passes over the training set.") var epochs = Train.Options().epochs
    @Option(help: "The global batch size (a multiple of the processes).") var batch = Train.Options().batch
    @Option(help: "Units of each hidden layer.") var hidden = Train.Options().hidden
    @Option(help: ArgumentHelp("Save a checkpoint after each epoch, and resume from it.", valueName: "FILE")) var checkpoint: String?

    func run() {
        asRank { group in
            var options = Train.Options()
            (options.distributed, options.epochs, options.batch, options.hidden) = (distributed, epochs, batch, hidden)
            options.checkpoint = checkpoint.map { URL(fileURLWithPath: $0) }
            if distributed { group = try ProcessGroup.world() }
            let report = try Train.run(options, group: group)
            if (group?.rank ?? 0) == 0 { try printJSON(report) }
        }
    }
}

struct FailCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fail", abstract: "Rank 1 stops mid-training (exits or hangs); every other rank must stop too.")

    enum Mode: String, ExpressibleByArgument, CaseIterable { case exit, hang }

    @Option(help: "How rank 1 stops.") var mode = Mode.exit
    @Option(help: ArgumentHelp("The checkpoint the ranks save.", valueName: "FILE")) var checkpoint = "ddp-fail.safetensors"

    func run() {
        asRank { group in
            let world = try ProcessGroup.world()
            group = world
            try Fail.run(world, mode: mode.rawValue, checkpoint: URL(fileURLWithPath: checkpoint))
        }
    }
}

DDP.main()
