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
    public static func write(_ tensors: [String: Tensor], metadata: [String: String] = [:],
                             floatFormat: FloatFormat = .float32, to url: URL) throws {
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
        var entries: [String] = []
        var body = Data()
        if !metadata.isEmpty {
            let pairs = metadata.keys.sorted().map { "\(jsonString($0)):\(jsonString(metadata[$0]!))" }
            entries.append("\"__metadata__\":{\(pairs.joined(separator: ","))}")
        }
        for name in tensors.keys.sorted() {
            let t = tensors[name]!
            let narrow = t.dtype == .float32 && floatFormat != .float32
            let bytes = narrow ? sixteenBitBytes(t, floatFormat) : littleEndianBytes(t)
            let shape = t.shape.map(String.init).joined(separator: ",")
            entries.append("\(jsonString(name)):{\"dtype\":\"\(narrow ? floatFormat.rawValue : code(t.dtype))\",\"shape\":[\(shape)],\"data_offsets\":[\(body.count),\(body.count + bytes.count)]}")
            body.append(bytes)
        }
        var header = Data(("{" + entries.joined(separator: ",") + "}").utf8)
        while header.count % 8 != 0 { header.append(0x20) }   // pad with spaces so the data is 8-byte aligned
        var out = Data()
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(header)
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

    private static func jsonString(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    // MARK: Decoding

    static func decode(_ bytes: Data, source: String) throws -> (tensors: [String: Tensor], metadata: [String: String]) {
        let data = bytes.startIndex == 0 ? bytes : Data(bytes)   // offsets below count from index 0
        func invalid(_ reason: String) -> CheckpointError { .invalidHeader(path: source, reason: reason) }
        guard data.count >= 8 else {
            throw CheckpointError.truncated(path: source, reason: "\(data.count) bytes, fewer than the 8-byte header length")
        }
        let headerLength = data.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard headerLength <= UInt64(data.count - 8) else {
            throw CheckpointError.truncated(path: source, reason: "header length \(headerLength) runs past the end of the file (\(data.count) bytes)")
        }
        let headerEnd = 8 + Int(headerLength)
        let json: Any
        do { json = try JSONSerialization.jsonObject(with: data.subdata(in: 8..<headerEnd)) } catch {
            throw invalid("the header is not valid JSON")
        }
        guard let header = json as? [String: Any] else { throw invalid("the header is not a JSON object") }
        let dataCount = data.count - headerEnd
        var tensors: [String: Tensor] = [:]
        var metadata: [String: String] = [:]
        for (name, value) in header {
            if name == "__metadata__" {
                guard let m = value as? [String: String] else { throw invalid("__metadata__ must map strings to strings") }
                metadata = m
                continue
            }
            guard let entry = value as? [String: Any], let dtypeCode = entry["dtype"] as? String,
                  let shape = (entry["shape"] as? [Any]).flatMap(exactIntegers), shape.allSatisfy({ $0 >= 0 }),
                  let offsets = (entry["data_offsets"] as? [Any]).flatMap(exactIntegers), offsets.count == 2 else {
                throw invalid("entry \(name) needs dtype, a shape of non-negative integers and two integer data_offsets")
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
            tensors[name] = width == 2 ? widened(data[range], shape: shape, bfloat: dtypeCode == "BF16")
                : tensor(from: data, range: range, shape: shape, dtype: dtype)
        }
        return (tensors, metadata)
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

    /// The numbers of a JSON array as `Int`s, or nil if one is not an integer that fits
    /// (so that 1e30 or 2.5 is reported as invalid instead of being wrapped or truncated).
    private static func exactIntegers(_ values: [Any]) -> [Int]? {
        var out: [Int] = []
        for value in values {
            guard let number = value as? NSNumber else { return nil }
            let double = number.doubleValue
            guard double.rounded() == double, abs(double) < 0x1p63 else { return nil }
            out.append(number.intValue)
        }
        return out
    }

    private static func tensor(from data: Data, range: Range<Int>, shape: [Int], dtype: DType) -> Tensor {
        let t = Tensor.zeros(shape, dtype: dtype)
        t.withUnsafeMutableRawBytes { _ = data.copyBytes(to: $0, from: range) }
        return t
    }
}
