import CMPI
import Foundation
import Tensors

/// The processes of one MPI job (`torch.distributed`'s default process group):
/// this process's rank, how many there are, and collective operations on tensors.
///
/// ```swift
/// let group = try ProcessGroup.world()          // under mpirun -np N
/// try group.allReduce(loss, .average)
/// try group.finalize()
/// ```
///
/// OpenMPI is opened at run time, so programs build without it; `world()` throws
/// `DistributedError.mpiUnavailable` when it is missing. Every collective waits at most
/// `timeout` seconds and then throws, so a job whose peer died stops instead of hanging;
/// MPI errors are returned (MPI_ERRORS_RETURN) and thrown as `DistributedError.mpiFailed`.
public final class ProcessGroup {
    /// This process's number, 0 ..< worldSize. Rank 0 writes checkpoints and logs.
    public let rank: Int
    /// Number of processes in the job.
    public let worldSize: Int
    /// This process's number among the processes on its machine.
    public let localRank: Int
    /// Number of processes on this machine.
    public let localWorldSize: Int
    /// Seconds a collective may take before it throws `DistributedError.timeout`.
    public var timeout: Double

    /// The first error of a collective run where it cannot throw (inside a forward or backward pass).
    private let deferredError = Locked<Error?>(nil)
    /// MPI is called from one thread at a time (MPI_THREAD_SERIALIZED).
    private let lock = NSLock()
    private static let shared = Locked<ProcessGroup?>(nil)

    private init(rank: Int, worldSize: Int, timeout: Double) {
        let environment = ProcessInfo.processInfo.environment
        self.rank = rank
        self.worldSize = worldSize
        localRank = environment["OMPI_COMM_WORLD_LOCAL_RANK"].flatMap(Int.init) ?? 0
        localWorldSize = environment["OMPI_COMM_WORLD_LOCAL_SIZE"].flatMap(Int.init) ?? 1
        self.timeout = timeout
    }

    /// The job's process group, initialising MPI on the first call (MPI allows one
    /// initialisation per process; later calls return the same group, `timeout` unchanged). Unless `DEEP_LEARNING_THREADS` or `OPENBLAS_NUM_THREADS`
    /// is set, `Threads.limit` becomes cores / processes on this machine, so that the
    /// ranks sharing a machine do not oversubscribe it.
    public static func world(timeout: Double = 300) throws -> ProcessGroup {
        try shared.withLock { group in
            if let group { return group }
            guard mpi_load() == 0 else { throw DistributedError.mpiUnavailable(reason: String(cString: mpi_load_error())) }
            var rank: Int32 = 0, size: Int32 = 1
            let code = mpi_initialize(&rank, &size)
            guard code == 0 else {
                throw DistributedError.mpiFailed(operation: "MPI initialisation", rank: 0, message: String(cString: mpi_error_text(code)))
            }
            let created = ProcessGroup(rank: Int(rank), worldSize: Int(size), timeout: timeout)
            let environment = ProcessInfo.processInfo.environment
            if environment["DEEP_LEARNING_THREADS"] == nil && environment["OPENBLAS_NUM_THREADS"] == nil {
                Threads.limit = Swift.max(1, ProcessInfo.processInfo.activeProcessorCount / Swift.max(1, created.localWorldSize))
            }
            group = created
            return created
        }
    }

    // MARK: Collectives

    /// How `allReduce` combines the ranks' values.
    public enum Reduction: Sendable {
        case sum, average, max, min
    }

    /// Replaces `tensor`'s values, on every rank, by their reduction over the ranks.
    public func allReduce(_ tensor: Tensor, _ reduction: Reduction = .sum) throws {
        try startAllReduce(tensor, reduction).wait()
    }

    /// Starts an all-reduce and returns at once; `wait()` on the result completes it
    /// (and divides by `worldSize` for `.average`). `tensor` must not change meanwhile.
    public func startAllReduce(_ tensor: Tensor, _ reduction: Reduction = .sum) throws -> PendingOperation {
        let operation: MPIReduction =
            switch reduction {
            case .sum, .average: MPISum
            case .max: MPIMax
            case .min: MPIMin
            }
        if reduction == .average && !tensor.dtype.isFloatingPoint {
            throw DistributedError.invalidArgument("allReduce: .average needs a floating-point tensor, got \(tensor.dtype)")
        }
        let count = try elementCount(tensor, "allReduce")
        let pending = try start("all-reduce", tensor) { pointer, handle in
            mpi_iallreduce(pointer, count, Self.element(tensor.dtype), operation, handle)
        }
        if reduction == .average {
            let divisor = Double(worldSize)
            pending.completion = { noGrad { tensor.assign(tensor / divisor) } }
        }
        return pending
    }

    /// Copies `tensor`'s values on rank `root` to every other rank's `tensor`.
    public func broadcast(_ tensor: Tensor, from root: Int = 0) throws {
        guard (0..<worldSize).contains(root) else {
            throw DistributedError.invalidArgument("broadcast: root \(root) is not a rank of a job of \(worldSize) processes")
        }
        let count = try elementCount(tensor, "broadcast")
        try start("broadcast", tensor) { pointer, handle in
            mpi_ibcast(pointer, count, Self.element(tensor.dtype), Int32(root), handle)
        }.wait()
    }

    /// Every rank's `tensor`, stacked in rank order: shape `[worldSize] + tensor.shape`.
    /// All ranks must pass tensors of the same shape and dtype.
    public func allGather(_ tensor: Tensor) throws -> Tensor {
        let count = try elementCount(tensor, "allGather")
        let gathered = Tensor.zeros([worldSize] + tensor.shape, dtype: tensor.dtype)
        try tensor.withUnsafeRawBytes { send in
            try start("all-gather", gathered) { receive, handle in
                mpi_iallgather(send.baseAddress, receive, count, Self.element(tensor.dtype), handle)
            }.wait()
        }
        return gathered
    }

    /// Returns when every rank has called it.
    public func barrier() throws {
        try start("barrier", nil) { _, handle in mpi_ibarrier(handle) }.wait()
    }

    /// Sums (or averages ...) plain numbers over the ranks: metrics in evaluation.
    public func allReduce(_ values: [Double], _ reduction: Reduction = .sum) throws -> [Double] {
        let tensor = Tensor(values, dtype: .float64)
        try allReduce(tensor, reduction)
        return tensor.doubles
    }

    /// Stops every process of the job, after a fatal error on this one.
    public func abort(code: Int32 = 1) -> Never {
        mpi_abort(code)
        exit(code)
    }

    /// Shuts MPI down; call once at the end of a distributed program, on every rank.
    public func finalize() throws {
        let code = lock.withLock { mpi_finalize() }
        guard code == 0 else { throw failure("MPI finalisation", code) }
    }

    /// Runs `body`, keeping its error (the first one) for `throwDeferredError()`. Once an
    /// error is kept, later bodies are skipped: each would only wait out the timeout again.
    func deferring(_ body: () throws -> Void) {
        guard deferredError.withLock({ $0 == nil }) else { return }
        do { try body() } catch { deferredError.withLock { if $0 == nil { $0 = error } } }
    }

    /// Throws, once, the error kept from a collective run inside a forward or backward pass.
    public func throwDeferredError() throws {
        if let error = deferredError.withLock({ error -> Error? in
            defer { error = nil }; return error
        }) {
            throw error
        }
    }

    // MARK: Pending operations

    /// A collective in flight (an MPI request), completed by `wait()`.
    public final class PendingOperation {
        fileprivate var handle: MPIPending?
        fileprivate let name: String
        fileprivate let group: ProcessGroup
        /// Keeps the tensor whose memory MPI reads and writes alive until completion.
        fileprivate let tensor: Tensor?
        fileprivate var completion: (() -> Void)?

        fileprivate init(name: String, group: ProcessGroup, tensor: Tensor?) {
            self.name = name
            self.group = group
            self.tensor = tensor
        }

        /// Whether the operation has completed; lets MPI progress meanwhile.
        public func test() throws -> Bool {
            guard handle != nil else { return true }
            var done: Int32 = 0
            let code = group.lock.withLock { mpi_test(&handle, &done) }
            guard code == 0 else { throw group.failure(name, code) }
            return done != 0
        }

        /// Waits for completion, at most the group's `timeout`.
        public func wait() throws {
            if handle != nil {
                let code = group.lock.withLock { mpi_wait(&handle, group.timeout) }
                if code == -1 { throw DistributedError.timeout(operation: name, rank: group.rank, seconds: group.timeout) }
                guard code == 0 else { throw group.failure(name, code) }
            }
            completion?()
            completion = nil
        }
    }

    @discardableResult
    private func start(
        _ name: String, _ tensor: Tensor?,
        _ call: (UnsafeMutableRawPointer?, UnsafeMutablePointer<MPIPending?>) -> Int32
    ) throws -> PendingOperation {
        let pending = PendingOperation(name: name, group: self, tensor: tensor)
        let code: Int32 = lock.withLock {
            if let tensor { return tensor.withUnsafeMutableRawBytes { call($0.baseAddress, &pending.handle) } }
            return call(nil, &pending.handle)
        }
        guard code == 0 else { throw failure(name, code) }
        return pending
    }

    private func failure(_ operation: String, _ code: Int32) -> DistributedError {
        .mpiFailed(operation: operation, rank: rank, message: String(cString: mpi_error_text(code)))
    }

    private func elementCount(_ tensor: Tensor, _ operation: String) throws -> Int32 {
        guard tensor.count <= Int(Int32.max) else {
            throw DistributedError.invalidArgument("\(operation): \(tensor.count) elements is more than MPI's limit of \(Int32.max) per call")
        }
        return Int32(tensor.count)
    }

    private static func element(_ dtype: DType) -> MPIElement {
        switch dtype {
        case .float32: MPIFloat32
        case .float64: MPIFloat64
        case .int64: MPIInt64
        }
    }
}
