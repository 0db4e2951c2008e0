/// How much the server takes on: batching, queue, sizes and times.
///
/// ```swift
/// var limits = ServerLimits()
/// limits.maxBatchSize = 16           // up to 16 requests per model call
/// limits.maxWait = .milliseconds(10) // the oldest waits at most 10 ms for others
/// let unbatched = ServerLimits.noBatching
/// ```
public struct ServerLimits: Sendable {
    /// Most inputs per model call; 1 turns batching off.
    public var maxBatchSize = 8
    /// How long the oldest queued request waits for others to fill a batch.
    public var maxWait: Duration = .milliseconds(5)
    /// Requests that may wait for the model; one more gets 503 `queue_full`.
    public var queueCapacity = 64
    /// Largest request body, in bytes (413 `body_too_large`).
    public var maxBodyBytes = 16 << 20
    /// Largest image side and pixel count an upload may announce (413 `image_too_large`),
    /// checked on the header before any pixel is decoded.
    public var maxImageSide = 8192
    public var maxImagePixels = 4096 * 4096
    /// How long a request may wait in the queue before it is answered 503 `timed_out`.
    public var requestTimeout: Duration = .seconds(30)
    /// A connection idle this long (no request, or a request body that stalls) is closed.
    public var idleTimeout: Duration = .seconds(30)

    public init() {}

    /// One request per model call, no waiting.
    public static var noBatching: ServerLimits {
        var limits = ServerLimits()
        limits.maxBatchSize = 1
        limits.maxWait = .zero
        return limits
    }
}
