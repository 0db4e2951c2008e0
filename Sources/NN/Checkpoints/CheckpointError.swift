import Foundation
import Tensors

/// Why a checkpoint (a safetensors file or a state dict) could not be read or applied.
/// Every mismatch between a checkpoint and a model is reported at once.
public enum CheckpointError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// One difference between what a model (or optimizer) expects and what a checkpoint holds.
    public enum Mismatch: Error, Equatable, CustomStringConvertible {
        case missing(name: String, shape: [Int])
        case unexpected(name: String)
        case shape(name: String, expected: [Int], found: [Int])
        case dtype(name: String, expected: DType, found: DType)
        /// The tensor fits but its value cannot be used (a negative step, a learning rate of NaN ...).
        case value(name: String, reason: String)

        public var description: String {
            switch self {
            case let .missing(name, shape): return "missing \(name) \(shape)"
            case let .unexpected(name): return "unexpected \(name) (the model has no such tensor)"
            case let .shape(name, expected, found): return "\(name): shape \(found) in the checkpoint, the model has \(expected)"
            case let .dtype(name, expected, found): return "\(name): dtype \(found) in the checkpoint, the model has \(expected)"
            case let .value(name, reason): return "\(name): \(reason)"
            }
        }
    }

    case fileNotFound(path: String)
    case unreadable(path: String, reason: String)
    /// The file ends before the data its header promises.
    case truncated(path: String, reason: String)
    /// The JSON header is not valid safetensors.
    case invalidHeader(path: String, reason: String)
    case unsupportedDType(name: String, dtype: String)
    case writeFailed(path: String, reason: String)
    case mismatch([Mismatch])

    public var description: String {
        switch self {
        case let .fileNotFound(path): return "checkpoint not found: \(path)"
        case let .unreadable(path, reason): return "cannot read checkpoint \(path): \(reason)"
        case let .truncated(path, reason): return "checkpoint \(path) is truncated: \(reason)"
        case let .invalidHeader(path, reason): return "checkpoint \(path) has an invalid safetensors header: \(reason)"
        case let .unsupportedDType(name, dtype): return "tensor \(name) has dtype \(dtype); supported: F32, F64, I64, F16, BF16"
        case let .writeFailed(path, reason): return "cannot write checkpoint \(path): \(reason)"
        case let .mismatch(list):
            return "checkpoint does not match (\(list.count) problem\(list.count == 1 ? "" : "s")):\n"
                + list.map { "  - \($0)" }.joined(separator: "\n")
        }
    }

    public var errorDescription: String? { description }
}
