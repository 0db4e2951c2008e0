/// The voxel types of NIfTI-1 (`datatype` in the header) that hold one real number per
/// voxel. Complex and RGB volumes are refused with an error rather than misread.
public enum NIfTIDataType: Int16, CaseIterable, Sendable {
    case uint8 = 2, int16 = 4, int32 = 8, float32 = 16, float64 = 64
    case int8 = 256, uint16 = 512, uint32 = 768, int64 = 1024, uint64 = 1280

    /// Bytes per voxel (`bitpix / 8`).
    public var byteCount: Int {
        switch self {
        case .uint8, .int8: return 1
        case .int16, .uint16: return 2
        case .int32, .uint32, .float32: return 4
        case .int64, .uint64, .float64: return 8
        }
    }

    /// Reads voxel `index` of `bytes` (starting at `offset`) as a Double.
    func value(_ bytes: UnsafeRawBufferPointer, at offset: Int, swapped: Bool) -> Double {
        func load<T: FixedWidthInteger>(_: T.Type) -> T {
            let raw = bytes.loadUnaligned(fromByteOffset: offset, as: T.self)
            return swapped ? raw.byteSwapped : raw
        }
        switch self {
        case .uint8: return Double(bytes[offset])
        case .int8: return Double(Int8(bitPattern: bytes[offset]))
        case .int16: return Double(load(Int16.self))
        case .uint16: return Double(load(UInt16.self))
        case .int32: return Double(load(Int32.self))
        case .uint32: return Double(load(UInt32.self))
        case .int64: return Double(load(Int64.self))
        case .uint64: return Double(load(UInt64.self))
        case .float32: return Double(Float(bitPattern: load(UInt32.self)))
        case .float64: return Double(bitPattern: load(UInt64.self))
        }
    }

    /// Appends `value` in little-endian byte order, rounded and clamped for the integer types.
    func append(_ value: Double, to bytes: inout [UInt8]) {
        func put<T: FixedWidthInteger>(_: T.Type) {
            let v = value.isNaN ? 0 : min(max(value.rounded(), Double(T.min)), Double(T.max))
            // Double(T.max) of a 64-bit type rounds up past T.max: step back inside the range.
            let clamped = v >= Double(T.max) ? T.max : T(v)
            withUnsafeBytes(of: clamped.littleEndian) { bytes.append(contentsOf: $0) }
        }
        switch self {
        case .uint8: put(UInt8.self)
        case .int8: put(Int8.self)
        case .int16: put(Int16.self)
        case .uint16: put(UInt16.self)
        case .int32: put(Int32.self)
        case .uint32: put(UInt32.self)
        case .int64: put(Int64.self)
        case .uint64: put(UInt64.self)
        case .float32: withUnsafeBytes(of: Float(value).bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        case .float64: withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        }
    }
}
