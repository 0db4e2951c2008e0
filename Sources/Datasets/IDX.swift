import FileIO
import Foundation
import Tensors

/// An array in the IDX format, MNIST's file format: two zero bytes, an element
/// type byte, the rank, the sizes as big-endian 32-bit integers, then the
/// elements in row-major order, big-endian. Files may be gzipped (`.gz`).
///
/// ```swift
/// let images = try IDXArray.read("train-images-idx3-ubyte.gz")   // shape [60000, 28, 28]
/// let x = images.tensor(scale: 1.0 / 255)                        // float32 in [0, 1]
/// ```
public struct IDXArray: Equatable {
    /// IDX element types, with their type byte.
    public enum ElementType: UInt8 {
        case uint8 = 0x08, int8 = 0x09, int16 = 0x0B, int32 = 0x0C, float32 = 0x0D, float64 = 0x0E

        public var byteCount: Int {
            switch self {
            case .uint8, .int8: return 1
            case .int16: return 2
            case .int32, .float32: return 4
            case .float64: return 8
            }
        }
    }

    public let elementType: ElementType
    public let shape: [Int]
    /// The elements as stored in the file (big-endian).
    public let payload: [UInt8]

    /// Parses IDX bytes; `path` only names the source in errors.
    public init(bytes: [UInt8], path: String = "<memory>") throws {
        guard bytes.count >= 4 else { throw DatasetError.truncated(path: path, expectedBytes: 4, actualBytes: bytes.count) }
        guard bytes[0] == 0, bytes[1] == 0, let type = ElementType(rawValue: bytes[2]), bytes[3] > 0 else {
            let found = "0x" + bytes[0..<4].map { String(format: "%02X", $0) }.joined()
            throw DatasetError.badMagicNumber(path: path, expected: "0x0000TTRR (TT an IDX type 08/09/0B/0C/0D/0E, RR the rank)", found: found)
        }
        let rank = Int(bytes[3])
        let headerSize = 4 + 4 * rank
        guard bytes.count >= headerSize else { throw DatasetError.truncated(path: path, expectedBytes: headerSize, actualBytes: bytes.count) }
        let shape = (0..<rank).map { d in bytes[4 + 4 * d..<8 + 4 * d].reduce(0) { $0 << 8 | Int($1) } }
        guard let payloadSize = FileIO.byteCount(shape: shape, elementSize: type.byteCount) else {
            throw DatasetError.shapeMismatch(path: path, detail: "header announces shape \(shape), whose size overflows (the file has \(bytes.count) bytes)")
        }
        let expected = headerSize + payloadSize
        guard bytes.count >= expected else { throw DatasetError.truncated(path: path, expectedBytes: expected, actualBytes: bytes.count) }
        guard bytes.count == expected else {
            throw DatasetError.shapeMismatch(path: path, detail: "header announces shape \(shape) (\(expected) bytes) but the file has \(bytes.count) bytes")
        }
        self.elementType = type
        self.shape = shape
        self.payload = Array(bytes[headerSize...])
    }

    /// Reads an IDX file, gzipped or not.
    public static func read(_ url: URL) throws -> IDXArray {
        try IDXArray(bytes: Gzip.readFile(url.path), path: url.path)
    }

    /// The array from a tensor, stored as `elementType` (values are rounded for integer types).
    public init(_ tensor: Tensor, as elementType: ElementType) {
        precondition(tensor.rank > 0 && tensor.rank < 256, "IDXArray: rank \(tensor.rank) cannot be stored in IDX")
        self.elementType = elementType
        self.shape = tensor.shape
        var payload = [UInt8]()
        payload.reserveCapacity(tensor.count * elementType.byteCount)
        for value in tensor.doubles { IDXArray.append(value, as: elementType, to: &payload) }
        self.payload = payload
    }

    /// The file's bytes: header and payload.
    public var bytes: [UInt8] {
        var header: [UInt8] = [0, 0, elementType.rawValue, UInt8(shape.count)]
        for size in shape { header += withUnsafeBytes(of: UInt32(size).bigEndian, Array.init) }
        return header + payload
    }

    /// Writes the array atomically, gzipped when `compressed` (name such files `.gz`).
    public func write(to url: URL, compressed: Bool = false) throws {
        try Files.writeAtomically(compressed ? Gzip.compress(bytes) : bytes, to: url.path)
    }

    /// The elements as a tensor of `dtype` (float32 by default; use `.int64` for labels),
    /// each multiplied by `scale` (`1.0 / 255` maps bytes to [0, 1]).
    public func tensor(_ dtype: DType = .float32, scale: Double = 1) -> Tensor {
        let out = Tensor.zeros(shape, dtype: dtype)
        if elementType == .uint8 && dtype == .float32 {
            // The common case (images) gets a tight loop.
            let factor = Float(scale)
            out.withFloats { dst in
                payload.withUnsafeBufferPointer { src in
                    for i in 0..<dst.count { dst[i] = Float(src[i]) * factor }
                }
            }
            return out
        }
        let values = (0..<shape.reduce(1, *)).map { element($0) * scale }
        out.assign(Tensor(values, shape: shape, dtype: dtype == .int64 ? .float64 : dtype))
        return out
    }

    /// Element `i` of the payload, decoded from big-endian.
    private func element(_ i: Int) -> Double {
        let size = elementType.byteCount
        let word = payload[i * size..<(i + 1) * size].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        switch elementType {
        case .uint8: return Double(word)
        case .int8: return Double(Int8(truncatingIfNeeded: word))
        case .int16: return Double(Int16(truncatingIfNeeded: word))
        case .int32: return Double(Int32(truncatingIfNeeded: word))
        case .float32: return Double(Float(bitPattern: UInt32(word)))
        case .float64: return Double(bitPattern: word)
        }
    }

    private static func append(_ value: Double, as type: ElementType, to bytes: inout [UInt8]) {
        func bigEndian<T: FixedWidthInteger>(_ v: T) { bytes += withUnsafeBytes(of: v.bigEndian, Array.init) }
        switch type {
        case .uint8: bytes.append(UInt8(clamping: Int(value.rounded())))
        case .int8: bigEndian(Int8(clamping: Int(value.rounded())))
        case .int16: bigEndian(Int16(clamping: Int(value.rounded())))
        case .int32: bigEndian(Int32(clamping: Int(value.rounded())))
        case .float32: bigEndian(Float(value).bitPattern)
        case .float64: bigEndian(value.bitPattern)
        }
    }
}
