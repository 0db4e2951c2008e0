import Foundation

/// What can go wrong in a distributed run, each with a message that says what to do.
public enum DistributedError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// libmpi could not be opened (OpenMPI is not installed).
    case mpiUnavailable(reason: String)
    /// An MPI call returned an error (a peer process died, a network failure ...).
    case mpiFailed(operation: String, rank: Int, message: String)
    /// A collective did not complete in time: another process has probably stopped.
    case timeout(operation: String, rank: Int, seconds: Double)
    /// The tensors or values given to a collective do not fit the operation.
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .mpiUnavailable(let reason): return "distributed training needs MPI: \(reason)"
        case .mpiFailed(let operation, let rank, let message): return "rank \(rank): \(operation) failed: \(message)"
        case .timeout(let operation, let rank, let seconds):
            return "rank \(rank): \(operation) did not complete within \(seconds) s; another process has probably stopped (see its output)"
        case .invalidArgument(let text): return text
        }
    }

    public var errorDescription: String? { description }
}
