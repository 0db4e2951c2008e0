import Foundation
import NN
import Tensors

/// Why a PyTorch checkpoint could not be read.
public enum PyTorchCheckpointError: Error, Equatable, CustomStringConvertible, LocalizedError {
    case fileNotFound(path: String)
    case unreadable(path: String, reason: String)
    /// Neither the zip format of `torch.save` nor its legacy (before 1.6) format.
    case notACheckpoint(path: String, reason: String)
    case pickle(path: String, PickleError)
    case unsupportedStorage(path: String, type: String)
    /// A tensor points outside its storage, or a storage is missing or short.
    case badTensor(path: String, reason: String)

    public var description: String {
        switch self {
        case let .fileNotFound(path): return "PyTorch checkpoint not found: \(path)"
        case let .unreadable(path, reason): return "cannot read PyTorch checkpoint \(path): \(reason)"
        case let .notACheckpoint(path, reason): return "\(path) is not a torch.save file: \(reason)"
        case let .pickle(path, error): return "PyTorch checkpoint \(path): \(error)"
        case let .unsupportedStorage(path, type):
            return "PyTorch checkpoint \(path) holds a \(type); supported: float32/64, float16, bfloat16, int64/32/16/8, uint8, bool"
        case let .badTensor(path, reason): return "PyTorch checkpoint \(path): \(reason)"
        }
    }

    public var errorDescription: String? { description }
}

/// Reads the state dicts that `torch.save(model.state_dict(), path)` writes (`.pth`, `.pt`),
/// without Python: both the zip format (PyTorch 1.6 and later) and the legacy format
/// before it. The pickle inside is read as data: only `collections.OrderedDict`,
/// `torch._utils._rebuild_tensor_v2` / `_rebuild_parameter` and the typed storages
/// (`torch.FloatStorage`, ...) may appear, and any other global is an error.
///
/// float16 and bfloat16 tensors become float32, integer ones int64. Nested dicts
/// (`{"state_dict": {...}}`) give dotted names; values that are not tensors are skipped.
///
/// ```swift
/// let weights = try PyTorchCheckpoint.read(from: URL(fileURLWithPath: "mobilenet_v2-b0353104.pth"))
/// try MobileNetV2().loadStateDict(weights)      // or: try model.loadPyTorch(from: url)
/// ```
public enum PyTorchCheckpoint {
    public static func read(from url: URL) throws -> [String: Tensor] {
        guard FileManager.default.fileExists(atPath: url.path) else { throw PyTorchCheckpointError.fileNotFound(path: url.path) }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw PyTorchCheckpointError.unreadable(path: url.path, reason: error.localizedDescription)
        }
        return try decode([UInt8](data), source: url.path)
    }

    static func decode(_ bytes: [UInt8], source: String) throws -> [String: Tensor] {
        do {
            return ZipArchive.looksLikeZip(bytes) ? try decodeZip(bytes, source: source) : try decodeLegacy(bytes, source: source)
        } catch let error as PickleError {
            throw PyTorchCheckpointError.pickle(path: source, error)
        } catch let ZipArchive.Failure.malformed(reason) {
            throw PyTorchCheckpointError.notACheckpoint(path: source, reason: reason)
        }
    }

    /// `archive/data.pkl` holds the pickle; storage `k` is the member `archive/data/k`.
    private static func decodeZip(_ bytes: [UInt8], source: String) throws -> [String: Tensor] {
        let zip = try ZipArchive(bytes)
        guard let pickleName = zip.entries.keys.filter({ $0 == "data.pkl" || $0.hasSuffix("/data.pkl") }).min(by: { $0.count < $1.count }),
            let pickleRange = zip.entries[pickleName]
        else {
            throw PyTorchCheckpointError.notACheckpoint(path: source, reason: "the archive has no data.pkl")
        }
        let folder = String(pickleName.dropLast("data.pkl".count))
        var reader = StateDictReader(bytes: Array(bytes[pickleRange]), offset: 0, source: source)
        let root = try reader.load()
        var storages: [String: Range<Int>] = [:]
        for key in reader.storageTypes.keys {
            guard let range = zip.entries[folder + "data/" + key] else {
                throw PyTorchCheckpointError.badTensor(path: source, reason: "storage \(key) is missing from the archive")
            }
            storages[key] = range
        }
        return try reader.tensors(in: root, bytes: bytes, storages: storages)
    }

    /// Five pickles in a row (magic number, protocol version, system info, the object,
    /// the storage keys), then each storage as an 8-byte element count and its bytes.
    private static func decodeLegacy(_ bytes: [UInt8], source: String) throws -> [String: Tensor] {
        guard bytes.first == 0x80 else { throw PyTorchCheckpointError.notACheckpoint(path: source, reason: "it starts with neither a zip header nor a pickle") }
        var header = PickleReader(
            bytes: bytes, offset: 0, allow: { _, _ in false },
            call: { _, _, _ in .none }, persistentLoad: { _ in .none })
        guard case let .wideInt(magic) = try header.load(), magic == [0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19] else {
            throw PyTorchCheckpointError.notACheckpoint(path: source, reason: "the magic number of torch.save is missing")
        }
        guard try header.load().int == 1001 else { throw PyTorchCheckpointError.notACheckpoint(path: source, reason: "unknown protocol version") }
        _ = try header.load()  // system info: byte order and type sizes (little-endian is checked by the magic's encoding)
        var reader = StateDictReader(bytes: bytes, offset: header.offset, source: source)
        let root = try reader.load()
        header.offset = reader.offset
        guard case let .list(keyList) = try header.load() else { throw PickleError.malformed("the storage key list is not a list") }
        var at = header.offset
        var storages: [String: Range<Int>] = [:]
        for item in keyList.items {
            guard let key = item.string, let type = reader.storageTypes[key] else {
                throw PyTorchCheckpointError.badTensor(path: source, reason: "storage \(item) is listed but not used")
            }
            guard at + 8 <= bytes.count else { throw PyTorchCheckpointError.badTensor(path: source, reason: "storage \(key) is cut off") }
            let count = (0..<8).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) }
            guard count >= 0, count <= (bytes.count - at - 8) / type.byteCount else {
                throw PyTorchCheckpointError.badTensor(path: source, reason: "storage \(key) is cut off")
            }
            let end = at + 8 + count * type.byteCount
            storages[key] = (at + 8)..<end
            at = end
        }
        return try reader.tensors(in: root, bytes: bytes, storages: storages)
    }
}

/// The element types of PyTorch's typed storages (`torch.FloatStorage`, ...).
enum TorchStorageType: String {
    case float = "FloatStorage", double = "DoubleStorage", half = "HalfStorage", bfloat16 = "BFloat16Storage"
    case long = "LongStorage", int = "IntStorage", short = "ShortStorage", char = "CharStorage", byte = "ByteStorage", bool = "BoolStorage"

    var byteCount: Int {
        switch self {
        case .double, .long: return 8
        case .float, .int: return 4
        case .half, .bfloat16, .short: return 2
        case .char, .byte, .bool: return 1
        }
    }

    /// The library's dtype for tensors of this storage.
    var dtype: DType {
        switch self {
        case .double: return .float64
        case .float, .half, .bfloat16: return .float32
        default: return .int64
        }
    }

    /// Element `i` of little-endian `bytes` starting at `base`.
    func value(_ bytes: [UInt8], _ base: Int, _ i: Int) -> Double {
        let at = base + i * byteCount
        func bits(_ n: Int) -> UInt64 { (0..<n).reduce(UInt64(0)) { $0 | UInt64(bytes[at + $1]) << (8 * UInt64($1)) } }
        switch self {
        case .float: return Double(Float(bitPattern: UInt32(bits(4))))
        case .double: return Double(bitPattern: bits(8))
        case .half: return Double(HalfPrecision.float(fromHalf: UInt16(bits(2))))
        case .bfloat16: return Double(HalfPrecision.float(fromBFloat16: UInt16(bits(2))))
        case .long: return Double(Int64(bitPattern: bits(8)))
        case .int: return Double(Int32(truncatingIfNeeded: bits(4)))
        case .short: return Double(Int16(truncatingIfNeeded: bits(2)))
        case .char: return Double(Int8(truncatingIfNeeded: bits(1)))
        case .byte, .bool: return Double(bits(1))
        }
    }
}

/// A tensor named by the pickle, built once the storage bytes are known.
private struct TensorRecipe {
    let storage: String, offset: Int, shape: [Int], stride: [Int]
}

/// Runs the state-dict pickle, remembering which storages it uses.
private struct StateDictReader {
    let bytes: [UInt8]
    var offset: Int
    let source: String
    private(set) var storageTypes: [String: TorchStorageType] = [:]

    init(bytes: [UInt8], offset: Int, source: String) { (self.bytes, self.offset, self.source) = (bytes, offset, source) }

    static func allowed(_ module: String, _ name: String) -> Bool {
        switch (module, name) {
        case ("collections", "OrderedDict"), ("torch._utils", "_rebuild_tensor_v2"), ("torch._utils", "_rebuild_parameter"): return true
        case ("torch", _): return TorchStorageType(rawValue: name) != nil
        default: return false
        }
    }

    mutating func load() throws -> PickleValue {
        var types: [String: TorchStorageType] = [:]
        let source = self.source
        var pickle = PickleReader(
            bytes: bytes, offset: offset, allow: Self.allowed,
            call: { module, name, args in
                switch name {
                case "OrderedDict": return .dict(PickleDict())
                case "_rebuild_parameter":  // (tensor, requires_grad, hooks)
                    guard let first = args.first else { throw PickleError.malformed("_rebuild_parameter without a tensor") }
                    return first
                default:  // _rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks[, metadata])
                    guard args.count >= 4, let key = args[0].string, let offset = args[1].int,
                        let size = args[2].tuple?.compactMap(\.int), let stride = args[3].tuple?.compactMap(\.int),
                        size.count == args[2].tuple?.count, stride.count == size.count
                    else {
                        throw PickleError.malformed("_rebuild_tensor_v2 needs (storage, offset, size, stride)")
                    }
                    return .object(TensorRecipe(storage: key, offset: offset, shape: size, stride: stride))
                }
            },
            persistentLoad: { id in
                // ("storage", storage type, key, location, element count)
                guard let t = id.tuple, t.count >= 5, t[0].string == "storage", case let .global(_, typeName) = t[1],
                    let key = t[2].string
                else {
                    throw PickleError.malformed("unknown persistent id \(id)")
                }
                guard let type = TorchStorageType(rawValue: typeName) else {
                    throw PyTorchCheckpointError.unsupportedStorage(path: source, type: typeName)
                }
                types[key] = type
                return .string(key)
            })
        let root = try pickle.load()
        offset = pickle.offset
        storageTypes.merge(types) { a, _ in a }
        return root
    }

    /// Every tensor under `root`, named by the dotted path of dict keys.
    func tensors(in root: PickleValue, bytes: [UInt8], storages: [String: Range<Int>]) throws -> [String: Tensor] {
        var out: [String: Tensor] = [:]
        func walk(_ value: PickleValue, _ prefix: String) throws {
            switch value {
            case let .dict(d):
                for (key, v) in d.items {
                    guard let name = key.string else { continue }
                    try walk(v, prefix.isEmpty ? name : prefix + "." + name)
                }
            case let .object(recipe as TensorRecipe):
                out[prefix] = try build(recipe, name: prefix, bytes: bytes, storages: storages)
            default:
                break
            }
        }
        try walk(root, "")
        return out
    }

    private func build(_ r: TensorRecipe, name: String, bytes: [UInt8], storages: [String: Range<Int>]) throws -> Tensor {
        guard let type = storageTypes[r.storage], let range = storages[r.storage] else {
            throw PyTorchCheckpointError.badTensor(path: source, reason: "\(name): storage \(r.storage) is missing")
        }
        let available = range.count / type.byteCount
        let limit = 1 << 31  // bounds every size and stride before they are multiplied, so nothing overflows
        guard r.shape.allSatisfy({ $0 >= 0 && $0 < limit }), r.stride.allSatisfy({ $0 >= 0 && $0 < limit }),
            r.offset >= 0, r.offset <= available, r.shape.count <= 8
        else {
            throw PyTorchCheckpointError.badTensor(path: source, reason: "\(name): shape \(r.shape), stride \(r.stride) or offset \(r.offset) out of range")
        }
        let count = r.shape.reduce(1) { min(limit, $0 * $1) }
        let last = r.offset + zip(r.shape, r.stride).reduce(0) { min(limit, $0 + max(0, $1.0 - 1) * $1.1) }
        guard count == 0 || (count < limit && last < available) else {
            throw PyTorchCheckpointError.badTensor(
                path: source, reason: "\(name): shape \(r.shape), stride \(r.stride) and offset \(r.offset) reach past its \(available)-element storage")
        }
        let t = Tensor.zeros(r.shape, dtype: type.dtype)
        guard count > 0 else { return t }
        t.withUnsafeMutableRawBytes { raw in
            // Walk the output in row-major order with an odometer over the source strides.
            var index = [Int](repeating: 0, count: r.shape.count)
            var source = r.offset
            for i in 0..<count {
                let v = type.value(bytes, range.lowerBound, source)
                switch type.dtype {
                case .float32: raw.storeBytes(of: Float(v), toByteOffset: 4 * i, as: Float.self)
                case .float64: raw.storeBytes(of: v, toByteOffset: 8 * i, as: Double.self)
                case .int64: raw.storeBytes(of: Int64(v), toByteOffset: 8 * i, as: Int64.self)
                }
                var axis = r.shape.count - 1
                while axis >= 0 {
                    index[axis] += 1
                    source += r.stride[axis]
                    if index[axis] < r.shape[axis] { break }
                    source -= r.stride[axis] * index[axis]
                    index[axis] = 0
                    axis -= 1
                }
            }
        }
        return t
    }
}

extension Module {
    /// Loads a `torch.save`d state dict into this model by parameter name
    /// (`model.load_state_dict(torch.load(path))`); see `PyTorchCheckpoint` and `renamedForLibrary(_:)`.
    public func loadPyTorch(from url: URL, strict: Bool = true) throws {
        try loadStateDict(renamedForLibrary(PyTorchCheckpoint.read(from: url)), strict: strict)
    }

    /// PyTorch's names with the library's: a name this model lacks whose last part is
    /// snake_case (`bn.running_mean`, `num_batches_tracked`) is tried in camelCase
    /// (`bn.runningMean`), the spelling of the library's buffers.
    public func renamedForLibrary(_ tensors: [String: Tensor]) -> [String: Tensor] {
        let own = Set(stateDict().keys)
        var out: [String: Tensor] = [:]
        for (name, t) in tensors {
            var parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            if !own.contains(name), let last = parts.last, last.contains("_") {
                let words = last.split(separator: "_")
                parts[parts.count - 1] = (words.first.map(String.init) ?? "") + words.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
                let camel = parts.joined(separator: ".")
                if own.contains(camel) { out[camel] = t; continue }
            }
            out[name] = t
        }
        return out
    }
}
