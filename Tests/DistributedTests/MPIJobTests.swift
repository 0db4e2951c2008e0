import Distributed
import Foundation
import NN
import Testing

/// Runs the `ddp` executable under `mpirun -np 2` and checks what it reports.
/// Without mpirun the tests are skipped, except in CI (`CI=true`), where they fail:
/// CI installs OpenMPI (apt-get install openmpi-bin libopenmpi-dev).
@Suite(.serialized) struct MPIJobTests {
    static let mpirun = MPIRun.executable
    static let inCI = ProcessInfo.processInfo.environment["CI"] == "true"

    /// Runs `ddp arguments` on two processes (or on one, without mpirun, when `processes` is nil).
    func run(_ arguments: [String], processes: Int? = 2, options: [String] = [], environment: [String: String] = [:]) throws -> MPIRun.Finished {
        let ddp = try #require(MPIRun.builtExecutable("ddp"), "the ddp executable is not built")
        return try MPIRun.run(ddp, arguments, processes: processes, options: options, environment: environment)
    }

    /// The command of Docs/Distributed.md's "Several machines" (a hostfile, one process per
    /// node, `-x`, the network interface) with this machine as the node, and MPI's TCP
    /// transport instead of shared memory: the path between machines carries the training.
    @Test(.enabled(if: mpirun != nil || inCI, "mpirun is not installed (apt-get install openmpi-bin libopenmpi-dev)"))
    func theSeveralMachinesCommandTrainsOverTCP() throws {
        let hosts = FileManager.default.temporaryDirectory.appendingPathComponent("hosts-\(UUID().uuidString)")
        try Data("localhost slots=2\n".utf8).write(to: hosts)
        defer { try? FileManager.default.removeItem(at: hosts) }
        let job = try run(
            ["train", "--distributed", "--epochs", "1"],
            options: [
                "--hostfile", hosts.path, "--map-by", "node", "-x", "DEEP_LEARNING_THREADS=1",
                "--mca", "btl", "tcp,self", "--mca", "btl_tcp_if_include", "lo",
            ])
        try #require(job.status == 0, "\(job.output)")
        let line = try #require(job.output.split(separator: "\n").last { $0.hasPrefix("{") }, "no JSON in:\n\(job.output)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(report["processes"] as? Int == 2 && report["threadsPerProcess"] as? Int == 1)
        #expect((report["validationAccuracy"] as? Double ?? 0) > 0.5, "\(report)")
    }

    @Test(.enabled(if: mpirun != nil || inCI, "mpirun is not installed (apt-get install openmpi-bin libopenmpi-dev)"))
    func dataParallelTrainingEqualsOneProcessOnTheWholeBatch() throws {
        let job = try run(["check"])
        try #require(job.status == 0, "ddp check failed:\n\(job.output)")
        let line = try #require(job.output.split(separator: "\n").last { $0.hasPrefix("{") }, "no JSON in:\n\(job.output)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(report["worldSize"] as? Int == 2 && report["localWorldSize"] as? Int == 2)
        // Two ranks on one machine share its cores instead of each taking all of them.
        let cores = try #require(report["cores"] as? Int)
        #expect(report["threads"] as? Int == max(1, cores / 2))
        let collectives = try #require(report["collectives"] as? [String: Bool])
        #expect(collectives.count == 5 && collectives.values.allSatisfy { $0 }, "\(collectives)")
        func difference(_ model: String, _ key: String = "maxParameterDifference") throws -> Double {
            let entry = try #require(report[model] as? [String: Any], "no \(model) in the report")
            return try #require(entry[key] as? Double)
        }
        #expect(try difference("mlp_float64") <= 1e-12)
        // A parameter without a gradient on one rank counts as zeros there.
        #expect(try difference("unused_parameter_float64") <= 1e-12)
        for model in ["mlp_float32", "cnn_batchnorm_per_rank", "cnn_batchnorm_synchronised", "lstm"] {
            #expect(try difference(model) <= 1e-5, "\(model)")
            #expect(try difference(model, "maxBufferDifferenceRank0") <= 1e-5, "\(model) running statistics")
            let entry = try #require(report[model] as? [String: Any])
            // Every bucket's all-reduce started from the backward pass, and there were several.
            #expect((entry["buckets"] as? Int ?? 0) >= 2 && entry["bucketsStartedInBackward"] as? Int == entry["buckets"] as? Int, "\(model): \(entry)")
        }
        // The comparison can fail: per-rank statistics against the whole batch's do differ.
        #expect(try difference("cnn_batchnorm_against_whole_batch") > 1e-4)
    }

    @Test(
        .enabled(if: mpirun != nil || inCI, "mpirun is not installed (apt-get install openmpi-bin libopenmpi-dev)"),
        arguments: ["exit", "hang"])
    func aStoppedRankStopsTheJobAndLeavesTheCheckpointIntact(mode: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ddp-\(mode)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let checkpoint = folder.appendingPathComponent("last.safetensors")
        let job = try run(["fail", "--mode", mode, "--checkpoint", checkpoint.path])
        #expect(job.status != 0, "the job should fail:\n\(job.output)")
        #expect(job.seconds < 30, "the job took \(job.seconds) s to stop")
        if mode == "hang" { #expect(job.output.contains("rank 0: all-reduce did not complete within 5.0 s"), "\(job.output)") }
        // The checkpoint of the last complete step (1) is there and reads back.
        let (tensors, metadata) = try SafeTensors.readWithMetadata(from: checkpoint)
        #expect(metadata["step"] == "1" && tensors.keys.contains("model.w1"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["last.safetensors"])
    }

    /// Two epochs on two processes, then the third on one process from the checkpoint, end where
    /// three epochs on one process end: the sampler gives both the same global batches, and the
    /// checkpoint holds one model and optimizer state whatever the number of processes.
    @Test(.enabled(if: mpirun != nil || inCI, "mpirun is not installed (apt-get install openmpi-bin libopenmpi-dev)"))
    func trainingResumesOnAnotherNumberOfProcesses() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ddp-resume-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let alone = folder.appendingPathComponent("alone.safetensors"), resumed = folder.appendingPathComponent("resumed.safetensors")
        for job in [
            try run(["train", "--epochs", "3", "--checkpoint", alone.path], processes: nil),
            try run(["train", "--distributed", "--epochs", "2", "--checkpoint", resumed.path]),
            try run(["train", "--epochs", "3", "--checkpoint", resumed.path], processes: nil),
        ] {
            try #require(job.status == 0, "\(job.output)")
        }
        let (a, metadataA) = try SafeTensors.readWithMetadata(from: alone)
        let (b, metadataB) = try SafeTensors.readWithMetadata(from: resumed)
        #expect(metadataA["epoch"] == "3" && metadataB["epoch"] == "3")
        #expect(Set(a.keys) == Set(b.keys) && a.keys.filter { $0.hasPrefix("model.") }.count == 6)
        let difference = a.keys.map { key in zip(a[key]!.doubles, b[key]!.doubles).map { abs($0 - $1) }.max() ?? 0 }.max() ?? .infinity
        #expect(difference < 1e-4, "largest difference \(difference)")
    }

    @Test func missingMPIIsAClearError() throws {
        let job = try run(["check"], processes: nil, environment: ["DEEP_LEARNING_MPI_LIBRARY": "/nonexistent/libmpi.so"])
        #expect(job.status == 1)
        #expect(job.output.contains("distributed training needs MPI: OpenMPI could not be loaded"), "\(job.output)")
    }
}
