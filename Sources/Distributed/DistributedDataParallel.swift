import Dispatch
import NN
import Tensors

/// Data-parallel training (`torch.nn.parallel.DistributedDataParallel`): every rank
/// holds the same model, runs it on its own share of the batch, and the gradients
/// are averaged over the ranks before the optimizer step, so every rank takes the
/// step that one process would take on the whole batch.
///
/// ```swift
/// let ddp = try DistributedDataParallel(model, group: group)   // rank 0's parameters everywhere
/// for (x, y) in loader {                                        // this rank's share of the batch
///     optimizer.zeroGrad()
///     let loss = try ddp.backward { crossEntropy(model(x), y) } // gradients averaged over ranks
///     optimizer.step()
/// }
/// ```
///
/// - Parameters and buffers are broadcast from rank 0 when the wrapper is made.
/// - Gradients travel in buckets of about `bucketBytes`, filled in reverse parameter order
///   (the order backward produces them). A bucket's all-reduce starts from the backward
///   pass itself, as soon as its last gradient is accumulated (`postAccumulateGradHook`),
///   so communication overlaps the rest of the backward pass.
/// - With `broadcastBuffers` (the default, as PyTorch), buffers such as BatchNorm's running
///   statistics are broadcast from rank 0 before each forward pass in training mode. Batch
///   statistics themselves stay per rank: each rank normalises with its own share's mean and variance.
/// - Every parameter that requires a gradient should get one in each step; one that gets
///   none on a rank contributes zeros there.
public final class DistributedDataParallel {
    public let module: Module
    public let group: ProcessGroup
    public let broadcastBuffers: Bool
    /// Seconds spent in the last step waiting for gradient all-reduces after backward ended
    /// (communication that the backward pass did not hide).
    public private(set) var lastWaitSeconds: Double = 0
    /// How many buckets of the last step started their all-reduce from inside the backward
    /// pass (the rest started after it, for parameters that got no gradient).
    public private(set) var lastBucketsStartedInBackward = 0
    /// Number of gradient buckets.
    public var bucketCount: Int { buckets.count }

    private let buckets: [Bucket]
    /// Buckets start strictly in order, so every rank issues the same sequence of
    /// collectives (MPI's rule) even when their gradients arrive in another order.
    private var nextToLaunch = 0
    private var hookError: Error?

    /// Parameters of one dtype whose gradients travel in one all-reduce.
    private final class Bucket {
        let parameters: [Tensor]
        let flat: Tensor
        var ready = 0
        var pending: ProcessGroup.PendingOperation?

        init(_ parameters: [Tensor]) {
            self.parameters = parameters
            flat = Tensor.zeros([parameters.reduce(0) { $0 + $1.count }], dtype: parameters[0].dtype)
        }

        /// Copies the gradients into `flat` (zeros where a parameter has none).
        func pack() {
            var offset = 0
            flat.withUnsafeMutableRawBytes { destination in
                for p in parameters {
                    let bytes = p.count * p.dtype.byteCount
                    if let grad = p.grad {
                        grad.withUnsafeRawBytes { destination.baseAddress!.advanced(by: offset).copyMemory(from: $0.baseAddress!, byteCount: bytes) }
                    } else {
                        destination.baseAddress!.advanced(by: offset).initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
                    }
                    offset += bytes
                }
            }
        }

        /// Writes the averaged values in `flat` back into the gradients.
        func unpack() {
            var offset = 0
            flat.withUnsafeRawBytes { source in
                for p in parameters {
                    let bytes = p.count * p.dtype.byteCount
                    if p.grad == nil { p.grad = Tensor.zeros(like: p) }
                    p.grad!.withUnsafeMutableRawBytes { $0.baseAddress!.copyMemory(from: source.baseAddress!.advanced(by: offset), byteCount: bytes) }
                    offset += bytes
                }
            }
        }
    }

    /// Wraps `module`, copying rank 0's parameters and buffers to every rank.
    /// - Parameter bucketBytes: the gradient bytes gathered before an all-reduce starts (PyTorch: 25 MiB).
    public init(_ module: Module, group: ProcessGroup, bucketBytes: Int = 25 << 20, broadcastBuffers: Bool = true) throws {
        guard bucketBytes > 0 else { throw DistributedError.invalidArgument("DistributedDataParallel: bucketBytes must be positive, got \(bucketBytes)") }
        self.module = module
        self.group = group
        self.broadcastBuffers = broadcastBuffers
        for p in module.parameters() { try group.broadcast(p, from: 0) }
        for (_, b) in module.namedBuffers() { try group.broadcast(b, from: 0) }

        var buckets: [Bucket] = [], current: [Tensor] = [], bytes = 0
        for p in module.parameters().reversed() where p.requiresGrad {
            if let first = current.first, bytes >= bucketBytes || first.dtype != p.dtype {
                buckets.append(Bucket(current))
                current = []
                bytes = 0
            }
            current.append(p)
            bytes += p.count * p.dtype.byteCount
        }
        if !current.isEmpty { buckets.append(Bucket(current)) }
        self.buckets = buckets
        for bucket in buckets {
            for p in bucket.parameters {
                p.postAccumulateGradHook = { [weak self, unowned bucket] _ in self?.gradientReady(in: bucket) }
            }
        }
    }

    deinit {
        for bucket in buckets { for p in bucket.parameters { p.postAccumulateGradHook = nil } }
    }

    /// One training step's forward and backward pass: broadcasts the buffers (in training
    /// mode, when enabled), computes `loss()` on this rank's share of the batch, runs
    /// `backward()` with the buckets' all-reduces overlapping it, and waits for them.
    /// Afterwards every parameter's `grad` holds the average over the ranks. Returns this rank's loss.
    @discardableResult
    public func backward(_ loss: () throws -> Tensor) throws -> Tensor {
        try synchronizeBuffers()
        let value = try loss()
        try group.throwDeferredError()
        value.backward()
        try finishGradientSynchronization()
        return value
    }

    /// Copies rank 0's buffers to every rank (what `backward(_:)` does before the forward pass).
    public func synchronizeBuffers() throws {
        guard broadcastBuffers && module.isTraining else { return }
        for (_, b) in module.namedBuffers() { try group.broadcast(b, from: 0) }
    }

    /// Waits for every bucket's all-reduce (starting those whose gradients did not all
    /// arrive) and writes the averaged gradients back. Call after `backward()` when not
    /// using `backward(_:)`.
    public func finishGradientSynchronization() throws {
        let start = DispatchTime.now().uptimeNanoseconds
        defer {
            for bucket in buckets { bucket.ready = 0; bucket.pending = nil }
            nextToLaunch = 0
            lastWaitSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
        }
        if let error = hookError { hookError = nil; throw error }
        try group.throwDeferredError()
        lastBucketsStartedInBackward = nextToLaunch
        while nextToLaunch < buckets.count { try launchNext() }
        for bucket in buckets {
            try bucket.pending?.wait()
            bucket.unpack()
        }
    }

    private func launchNext() throws {
        let bucket = buckets[nextToLaunch]
        bucket.pack()
        bucket.pending = try group.startAllReduce(bucket.flat, .average)
        nextToLaunch += 1
    }

    /// The hook: a bucket's all-reduce starts when its last gradient is ready and the buckets
    /// before it have started; the buckets already in flight are polled so that MPI moves them along.
    private func gradientReady(in bucket: Bucket) {
        guard hookError == nil else { return }
        do {
            bucket.ready += 1
            guard bucket.ready <= bucket.parameters.count else {
                throw DistributedError.invalidArgument(
                    "DistributedDataParallel: backward ran twice before the gradients were synchronised; call finishGradientSynchronization() after each backward"
                )
            }
            while nextToLaunch < buckets.count && buckets[nextToLaunch].ready == buckets[nextToLaunch].parameters.count {
                try launchNext()
            }
            for other in buckets { _ = try other.pending?.test() }
        } catch {
            hookError = error
        }
    }
}
