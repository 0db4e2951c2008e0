import FileIO
import Foundation
import Tensors

/// The safetensors file format (Hugging Face), the checkpoint format of this library:
///
///     8 bytes      N, the header length, unsigned little-endian
///     N bytes      JSON: {"name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, ...,
///                         "__metadata__": {"key": "value"}}   (padded with spaces)
///     the rest     tensor data, row-major, little-endian; offsets count from here
///
/// Supported dtypes: F32, F64, I64, and F16 and BF16, which are read into float32 tensors
/// (and written on request, `floatFormat:`). Bytes are copied as they are, which assumes a
/// little-endian machine (every platform this library runs on). Reading checks every size and offset and throws
/// `CheckpointError` for anything malformed; writing is atomic.
///
/// ```swift
/// try SafeTensors.write(["w": w, "b": b], to: url)
/// let tensors = try SafeTensors.read(from: url)   // ["w": ..., "b": ...]
/// ```
public enum SafeTensors {
    /// How float32 tensors are stored: as they are, or rounded to a 16-bit format
    /// (half the file; float16 keeps ~3 significant digits, bfloat16 ~2 but float32's range).
    public enum FloatFormat: String, Sendable { case float32 = "F32", float16 = "F16", bfloat16 = "BF16" }

    /// Writes `tensors` (and string metadata) to `url` atomically.
    public static func write(
        _ tensors: [String: Tensor], metadata: [String: String] = [:],
        floatFormat: FloatFormat = .float32, to url: URL
    ) throws {
        do { try AtomicFile.write(encode(tensors, metadata: metadata, floatFormat: floatFormat), to: url) } catch let failure as FileIO.Failure {
            throw CheckpointError.writeFailed(path: failure.path, reason: failure.reason)
        }
    }

    /// Reads every tensor of a safetensors file.
    public static func read(from url: URL) throws -> [String: Tensor] {
        try readWithMetadata(from: url).tensors
    }

    /// Reads every tensor and the `__metadata__` strings.
    public static func readWithMetadata(from url: URL) throws -> (tensors: [String: Tensor], metadata: [String: String]) {
        guard FileManager.default.fileExists(atPath: url.path) else { throw CheckpointError.fileNotFound(path: url.path) }
        let data: Data
        do { data = try FileIO.read(url.path) } catch let failure as FileIO.Failure {
            throw CheckpointError.unreadable(path: url.path, reason: failure.reason)
        }
        return try decode(data, source: url.path)
    }

    // MARK: Encoding

    static func encode(_ tensors: [String: Tensor], metadata: [String: String], floatFormat: FloatFormat = .float32) -> Data {
        var header = Header(entries: [:], metadata: metadata)
        var body = Data()
        for name in tensors.keys.sorted() {
            let t = tensors[name]!
            let narrow = t.dtype == .float32 && floatFormat != .float32
            let bytes = narrow ? sixteenBitBytes(t, floatFormat) : littleEndianBytes(t)
            header.entries[name] = Header.Entry(
                dtype: narrow ? floatFormat.rawValue : code(t.dtype), shape: t.shape,
                dataOffsets: [body.count, body.count + bytes.count])
            body.append(bytes)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]  // the same tensors give the same bytes
        // Encoding strings, integers and string maps cannot fail.
        var json = try! encoder.encode(header)
        while json.count % 8 != 0 { json.append(0x20) }  // pad with spaces so the data is 8-byte aligned
        var out = Data()
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(json)
        out.append(body)
        return out
    }

    private static func code(_ dtype: DType) -> String {
        switch dtype {
        case .float32: return "F32"
        case .float64: return "F64"
        case .int64: return "I64"
        }
    }

    private static func littleEndianBytes(_ t: Tensor) -> Data {
        t.withUnsafeRawBytes { Data($0) }
    }

    private static func sixteenBitBytes(_ t: Tensor, _ format: FloatFormat) -> Data {
        var out = Data(capacity: 2 * t.count)
        for v in t.scalars {
            let bits = format == .float16 ? HalfPrecision.half(from: v) : HalfPrecision.bfloat16(from: v)
            withUnsafeBytes(of: bits.littleEndian) { out.append(contentsOf: $0) }
        }
        return out
    }

    // MARK: Decoding

    static func decode(_ bytes: Data, source: String) throws -> (tensors: [String: Tensor], metadata: [String: String]) {
        let data = bytes.startIndex == 0 ? bytes : Data(bytes)  // offsets below count from index 0
        func invalid(_ reason: String) -> CheckpointError { .invalidHeader(path: source, reason: reason) }
        guard data.count >= 8 else {
            throw CheckpointError.truncated(path: source, reason: "\(data.count) bytes, fewer than the 8-byte header length")
        }
        let headerLength = data.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard headerLength <= UInt64(data.count - 8) else {
            throw CheckpointError.truncated(path: source, reason: "header length \(headerLength) runs past the end of the file (\(data.count) bytes)")
        }
        let headerEnd = 8 + Int(headerLength)
        let header: Header
        do { header = try JSONDecoder().decode(Header.self, from: data.subdata(in: 8..<headerEnd)) } catch let error as DecodingError {
            throw invalid(Header.reason(error))
        }
        let dataCount = data.count - headerEnd
        var tensors: [String: Tensor] = [:]
        for (name, entry) in header.entries {
            let (dtypeCode, shape, offsets) = (entry.dtype, entry.shape, entry.dataOffsets)
            guard shape.allSatisfy({ $0 >= 0 }), offsets.count == 2 else {
                throw invalid("entry \(name) needs a shape of non-negative integers and two data_offsets, has \(shape) and \(offsets)")
            }
            let dtype: DType, width: Int
            switch dtypeCode {
            case "F32": (dtype, width) = (.float32, 4)
            case "F64": (dtype, width) = (.float64, 8)
            case "I64": (dtype, width) = (.int64, 8)
            case "F16", "BF16": (dtype, width) = (.float32, 2)
            default: throw CheckpointError.unsupportedDType(name: name, dtype: dtypeCode)
            }
            let (begin, end) = (offsets[0], offsets[1])
            guard begin >= 0, begin <= end else { throw invalid("entry \(name) has data_offsets [\(begin), \(end)]") }
            guard end <= dataCount else {
                throw CheckpointError.truncated(path: source, reason: "tensor \(name) ends at byte \(end) of a \(dataCount)-byte data section")
            }
            // Sizes are multiplied with overflow checks: a header may announce any shape.
            guard let byteCount = FileIO.byteCount(shape: shape, elementSize: width), byteCount == end - begin else {
                throw invalid("entry \(name): shape \(shape) of \(dtypeCode) does not fit the \(end - begin) bytes its data_offsets give")
            }
            let range = (headerEnd + begin)..<(headerEnd + end)
            tensors[name] =
                width == 2
                ? widened(data[range], shape: shape, bfloat: dtypeCode == "BF16")
                : tensor(from: data, range: range, shape: shape, dtype: dtype)
        }
        return (tensors, header.metadata)
    }

    /// A float32 tensor from little-endian float16 or bfloat16 values.
    static func widened(_ bytes: Data, shape: [Int], bfloat: Bool) -> Tensor {
        let t = Tensor.zeros(shape, dtype: .float32)
        t.withUnsafeMutableRawBytes { out in
            let floats = out.bindMemory(to: Float.self)
            bytes.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
                for i in 0..<floats.count {
                    let bits = UInt16(raw[2 * i]) | UInt16(raw[2 * i + 1]) << 8
                    floats[i] = bfloat ? HalfPrecision.float(fromBFloat16: bits) : HalfPrecision.float(fromHalf: bits)
                }
            }
        }
        return t
    }

    private static func tensor(from data: Data, range: Range<Int>, shape: [Int], dtype: DType) -> Tensor {
        let t = Tensor.zeros(shape, dtype: dtype)
        t.withUnsafeMutableRawBytes { _ = data.copyBytes(to: $0, from: range) }
        return t
    }
}

extension SafeTensors {
    /// The JSON header: an entry per tensor, and the optional `__metadata__` strings
    /// beside them under one reserved name.
    struct Header: Codable {
        struct Entry: Codable {
            var dtype: String
            var shape: [Int]
            var dataOffsets: [Int]
            enum CodingKeys: String, CodingKey { case dtype, shape, dataOffsets = "data_offsets" }

            init(dtype: String, shape: [Int], dataOffsets: [Int]) { (self.dtype, self.shape, self.dataOffsets) = (dtype, shape, dataOffsets) }

            init(from decoder: Decoder) throws {
                let c = try decoder.container(keyedBy: CodingKeys.self)
                dtype = try c.decode(String.self, forKey: .dtype)
                shape = try Self.integers(.shape, in: c)
                dataOffsets = try Self.integers(.dataOffsets, in: c)
            }

            /// Whole numbers that fit an `Int`, read as doubles first so that 2.5 or 1e30
            /// is reported as such (the decoder's own message would only say "not valid JSON").
            private static func integers(_ key: CodingKeys, in c: KeyedDecodingContainer<CodingKeys>) throws -> [Int] {
                try c.decode([Double].self, forKey: key).map { value in
                    guard value.rounded() == value, abs(value) < 0x1p63 else {
                        throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "\(value) is not an integer that fits")
                    }
                    return Int(value)
                }
            }
        }

        var entries: [String: Entry]
        var metadata: [String: String]

        init(entries: [String: Entry], metadata: [String: String]) { (self.entries, self.metadata) = (entries, metadata) }

        /// Any name is a key: the header is a map from tensor names to entries.
        private struct Name: CodingKey {
            let stringValue: String
            init(stringValue: String) { self.stringValue = stringValue }
            var intValue: Int? { nil }
            init?(intValue: Int) { nil }
            static let metadata = Name(stringValue: "__metadata__")
        }

        init(from decoder: Decoder) throws {
            let names = try decoder.container(keyedBy: Name.self)
            (entries, metadata) = ([:], [:])
            for name in names.allKeys {
                if name.stringValue == Name.metadata.stringValue {
                    metadata = try names.decode([String: String].self, forKey: name)
                } else {
                    entries[name.stringValue] = try names.decode(Entry.self, forKey: name)
                }
            }
        }

        func encode(to encoder: Encoder) throws {
            var names = encoder.container(keyedBy: Name.self)
            if !metadata.isEmpty { try names.encode(metadata, forKey: .metadata) }
            for (name, entry) in entries { try names.encode(entry, forKey: Name(stringValue: name)) }
        }

        /// What is wrong with a header, named by where it is ("entry a: shape ...").
        static func reason(_ error: DecodingError) -> String {
            func place(_ path: [CodingKey]) -> String {
                guard let first = path.first else { return "the header" }
                let name = first.stringValue == Name.metadata.stringValue ? "__metadata__" : "entry \(first.stringValue)"
                return ([name] + path.dropFirst().map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }).joined(separator: " ")
            }
            switch error {
            case .dataCorrupted(let context) where context.codingPath.isEmpty:
                return "the header is not valid JSON"
            case .typeMismatch(_, let context) where context.codingPath.isEmpty:
                return "the header is not a JSON object"
            case .typeMismatch(let type, let context):
                return "\(place(context.codingPath)) must be \(type == [String: String].self ? "a map of strings to strings" : "\(type)")"
            case .keyNotFound(let key, let context):
                return "\(place(context.codingPath)) needs \(key.stringValue) (an entry has dtype, shape and data_offsets)"
            case .valueNotFound(_, let context), .dataCorrupted(let context):
                return "\(place(context.codingPath)): \(context.debugDescription)"
            @unknown default:
                return "\(error)"
            }
        }
    }
}
