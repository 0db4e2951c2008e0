import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a command in its own process group with limits on wall-clock time, CPU
/// time (of the command and everything it starts), output, memory, file size
/// and process count, and kills the whole tree when it ends or overstays, so
/// nothing it started lingers.
public struct ChildProcess: Sendable {
    public var arguments: [String]
    public var directory: URL
    /// Wall-clock backstop, in seconds.
    public var timeout: TimeInterval
    /// CPU seconds the whole process tree may use (user + system); `nil` for no limit.
    /// Unlike wall-clock time, a busy machine does not make a process use more.
    public var cpuLimit: TimeInterval?
    /// Output beyond this many bytes (stdout and stderr together) stops the process.
    public var outputCap: Int
    /// `ulimit -v` for the process and its children, in MiB; `nil` for no limit.
    public var memoryLimitMB: Int?
    /// `ulimit -f`: the largest file the process may write, in MiB; `nil` for no limit.
    public var fileSizeLimitMB: Int?
    /// Processes the tree may hold at once; more stops it. `nil` for no limit.
    public var processLimit: Int?
    /// Variables set for the process on top of this process's environment.
    public var environment: [String: String] = [:]

    public init(
        _ arguments: [String], in directory: URL, timeout: TimeInterval = 600,
        outputCap: Int = 4 << 20, memoryLimitMB: Int? = nil
    ) {
        self.arguments = arguments
        self.directory = directory
        self.timeout = timeout
        self.outputCap = outputCap
        self.memoryLimitMB = memoryLimitMB
    }

    public enum Termination: Equatable, Sendable {
        case exited(Int32)
        case signalled(Int32)
        case timedOut(TimeInterval)
        case cpuLimitExceeded(TimeInterval)
        case outputCapExceeded(Int)
        case tooManyProcesses(Int)

        /// Inside a sandbox a command killed by signal N exits with 128 + N.
        public var sandboxed: Termination {
            if case .exited(let code) = self, code > 128, code < 160 { return .signalled(code - 128) }
            return self
        }
    }

    public struct Result: Sendable {
        public var termination: Termination
        /// stdout and stderr, interleaved, at most `outputCap` bytes.
        public let output: String
        public let duration: TimeInterval
        /// CPU seconds used by the process and its descendants.
        public let cpuTime: TimeInterval
        public var succeeded: Bool { termination == .exited(0) }
    }

    /// Runs to the end (or to a limit). Errors only when the process cannot start.
    public func run() throws -> Result {
        let logDir = FileManager.default.temporaryDirectory.appendingPathComponent("course-proc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: logDir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: logDir) }
        let log = logDir.appendingPathComponent("output.txt")

        // The shell applies the limits, then becomes the command.
        var limits = ""
        if let mb = memoryLimitMB { limits += "ulimit -v \(mb * 1024) 2>/dev/null; " }
        if let mb = fileSizeLimitMB { limits += "ulimit -f \(mb * 2048) 2>/dev/null; " }  // 512-byte blocks
        if let cpu = cpuLimit { limits += "ulimit -t \(Int(cpu.rounded(.up)) + 1) 2>/dev/null; " }
        let argv = ["/bin/sh", "-c", "cd \"$0\" || exit 127; \(limits)exec \"$@\"", directory.path] + arguments
        let pid = try spawn(argv, output: log.path)

        let start = Date()
        var status: Int32 = 0
        var usage = rusage()
        var termination: Termination?
        var treeCPU: TimeInterval = 0
        var polls = 0
        while termination == nil {
            let waited = wait4(pid, &status, WNOHANG, &usage)
            if waited == pid { break }
            if waited < 0 && errno != EINTR { break }
            let elapsed = Date().timeIntervalSince(start)
            let size = ((try? FileManager.default.attributesOfItem(atPath: log.path))?[.size] as? Int) ?? 0
            // The process table is read every 100 ms: CPU time and process count of the tree.
            var treeSize = 0
            if polls % 5 == 0, cpuLimit != nil || processLimit != nil {
                let tree = Self.descendants(of: pid)
                treeSize = tree.count
                treeCPU = max(treeCPU, tree.reduce(0) { $0 + Self.cpuSeconds(of: $1) })
            }
            polls += 1
            if elapsed > timeout {
                termination = .timedOut(timeout)
            } else if let cpu = cpuLimit, treeCPU > cpu {
                termination = .cpuLimitExceeded(cpu)
            } else if size > outputCap {
                termination = .outputCapExceeded(outputCap)
            } else if let most = processLimit, treeSize > most {
                termination = .tooManyProcesses(most)
            } else {
                usleep(20_000)
                continue
            }
            Self.killTree(pid)
            _ = wait4(pid, &status, 0, &usage)
        }
        // Whatever the command left running in its group goes too.
        kill(-pid, SIGKILL)
        let duration = Date().timeIntervalSince(start)
        let reaped =
            TimeInterval(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + TimeInterval(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        if termination == nil {
            let signal = status & 0x7f
            termination = signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
            // The kernel's own limit (ulimit -t) may have struck between two polls.
            if let cpu = cpuLimit, signal == SIGKILL || signal == SIGXCPU, max(reaped, treeCPU) >= cpu { termination = .cpuLimitExceeded(cpu) }
        }
        return Result(
            termination: termination!, output: Self.readCapped(log, cap: outputCap), duration: duration,
            cpuTime: max(reaped, treeCPU))
    }

    private func spawn(_ argv: [String], output: String) throws -> pid_t {
        #if canImport(Glibc)
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        #else
        var actions: posix_spawn_file_actions_t?
        var attributes: posix_spawnattr_t?
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)

        let cArgs = argv.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        let variables = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let cEnv = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { cEnv.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, &attributes, cArgs, cEnv)
        guard rc == 0 else { throw ChildProcessError.cannotStart(argv.joined(separator: " "), errno: rc) }
        return pid
    }

    /// Kills `pid`, its process group and every descendant. `swift test` starts
    /// the test binary in a process group of its own, so the group alone is not
    /// enough; descendants are found before anything dies (orphans lose their parent link).
    static func killTree(_ pid: pid_t) {
        for victim in descendants(of: pid) {
            kill(-victim, SIGKILL)
            kill(victim, SIGKILL)
        }
    }

    /// `pid` and every process below it.
    static func descendants(of pid: pid_t) -> [pid_t] {
        var victims: [pid_t] = [pid]
        var index = 0
        let parents = parentTable()
        while index < victims.count {
            let parent = victims[index]
            victims += parents.filter { $0.value == parent }.map(\.key)
            index += 1
        }
        return victims
    }

    /// CPU seconds of a process and its reaped children (`/proc/PID/stat`), 0 where unknown.
    static func cpuSeconds(of pid: pid_t) -> TimeInterval {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return 0 }
        // After "pid (comm)": state is field 3; utime, stime, cutime, cstime are fields 14-17.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 14 else { return 0 }
        let ticks = fields[11...14].compactMap { Double($0) }.reduce(0, +)
        return ticks / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// pid -> parent pid of every process, from `/proc` (Linux) or `ps` elsewhere.
    static func parentTable() -> [pid_t: pid_t] {
        var table: [pid_t: pid_t] = [:]
        if let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc") {
            for name in names {
                guard let pid = pid_t(name),
                    let stat = try? String(contentsOfFile: "/proc/\(name)/stat", encoding: .utf8),
                    let close = stat.lastIndex(of: ")")
                else { continue }
                // After "pid (comm)": state, then the parent pid.
                let fields = stat[stat.index(after: close)...].split(separator: " ")
                if fields.count > 1, let parent = pid_t(fields[1]) { table[pid] = parent }
            }
            if !table.isEmpty { return table }
        }
        let ps = Process()
        ps.executableURL = URL(fileURLWithPath: "/bin/ps")
        ps.arguments = ["-A", "-o", "pid=", "-o", "ppid="]
        let pipe = Pipe()
        ps.standardOutput = pipe
        guard (try? ps.run()) != nil else { return table }
        let listing = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        ps.waitUntilExit()
        for line in listing.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count == 2, let pid = pid_t(fields[0]), let parent = pid_t(fields[1]) { table[pid] = parent }
        }
        return table
    }

    static func readCapped(_ url: URL, cap: Int) -> String {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return "" }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: cap)) ?? nil
        return String(decoding: data ?? Data(), as: UTF8.self)
    }

    /// The full path of `name` on `PATH`, or `nil`.
    public static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

public enum ChildProcessError: Error, CustomStringConvertible {
    case cannotStart(String, errno: Int32)

    public var description: String {
        switch self {
        case let .cannotStart(command, code): return "cannot start \(command): \(String(cString: strerror(code)))"
        }
    }
}
