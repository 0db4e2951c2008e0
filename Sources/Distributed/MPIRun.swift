import Foundation

/// Starting a program on several processes with OpenMPI's `mpirun` from Swift: what the
/// tests of the distributed commands do, and a tool may do.
public enum MPIRun {
    /// `mpirun` from `PATH`, or nil when OpenMPI is not installed.
    public static let executable: URL? = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
        .map { URL(fileURLWithPath: String($0)).appendingPathComponent("mpirun") }
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }

    /// A finished job: its exit status, standard output and error together, and wall time.
    public struct Finished: Sendable {
        public let status: Int32
        public let output: String
        public let seconds: Double
    }

    /// Runs `program arguments` on `processes` processes of this machine (with mpirun's own
    /// `options`, such as a hostfile), or once without mpirun when `processes` is nil. The
    /// thread budget variables are cleared (each rank then takes its share of the cores);
    /// `environment` is added last.
    public static func run(
        _ program: URL, _ arguments: [String], processes: Int?, options: [String] = [],
        environment extra: [String: String] = [:]
    ) throws -> Finished {
        let process = Process()
        if let processes {
            guard let executable else {
                throw DistributedError.mpiUnavailable(reason: "mpirun is missing: apt-get install openmpi-bin libopenmpi-dev")
            }
            process.executableURL = executable
            process.arguments = ["-np", "\(processes)", "--oversubscribe"] + options + [program.path] + arguments
        } else {
            process.executableURL = program
            process.arguments = arguments
        }
        var environment = ProcessInfo.processInfo.environment
        environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1"
        environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1"
        // One machine needs no remote shell; without this OpenMPI refuses to start where ssh is not installed.
        if environment["OMPI_MCA_plm_rsh_agent"] == nil { environment["OMPI_MCA_plm_rsh_agent"] = "false" }
        environment["DEEP_LEARNING_THREADS"] = nil
        environment["OPENBLAS_NUM_THREADS"] = nil
        process.environment = environment.merging(extra) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let start = Date()
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Finished(
            status: process.terminationStatus, output: String(decoding: data, as: UTF8.self),
            seconds: Date().timeIntervalSince(start))
    }

    /// An executable built beside the running program (a test binary finds the package's
    /// executables this way), or nil.
    public static func builtExecutable(_ name: String) -> URL? {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder.deleteLastPathComponent()
        }
        return nil
    }
}
