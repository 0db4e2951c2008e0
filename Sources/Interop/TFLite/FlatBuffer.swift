import Foundation

/// A FlatBuffers value to serialise: tables (fields by slot), vectors and strings.
indirect enum FlatValue {
    case table([FlatField?])
    /// A vector of tables or strings (offsets).
    case vector([FlatValue])
    /// A vector of scalars: little-endian bytes of `count` elements of `width` bytes,
    /// its data aligned to `alignment`.
    case scalars(Data, width: Int, count: Int, alignment: Int)
    case string(String)

    static func int32s(_ values: [Int]) -> FlatValue {
        .scalars(values.map { Int32($0) }.withUnsafeBytes { Data($0) }, width: 4, count: values.count, alignment: 4)
    }

    static func bytes(_ data: Data) -> FlatValue { .scalars(data, width: 1, count: data.count, alignment: 16) }
}

/// A table field: an inline scalar or an offset to another value.
enum FlatField {
    case int8(Int8), uint8(UInt8), int32(Int32), uint32(UInt32), bool(Bool)
    case offset(FlatValue)

    var size: Int {
        switch self {
        case .int8, .uint8, .bool: return 1
        case .int32, .uint32, .offset: return 4
        }
    }
}

/// Writes a FlatBuffer front to back: each parent first, its children after it, so that
/// every offset points forward (as FlatBuffers requires of unsigned offsets); the
/// placeholders are patched once the children are placed.
struct FlatBufferWriter {
    private(set) var bytes: [UInt8] = []

    /// The buffer: the root table's offset, the 4-byte file identifier, then the tables.
    static func serialize(root: FlatValue, identifier: String) -> Data {
        var w = FlatBufferWriter()
        w.bytes = [0, 0, 0, 0] + Array(identifier.utf8.prefix(4))
        let position = w.write(root)
        w.patch(0, to: position)
        return Data(w.bytes)
    }

    private mutating func align(_ n: Int, extra: Int = 0) {
        while (bytes.count + extra) % n != 0 { bytes.append(0) }
    }

    private mutating func put<T: FixedWidthInteger>(_ v: T) {
        withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
    }

    private mutating func set<T: FixedWidthInteger>(_ v: T, at position: Int) {
        withUnsafeBytes(of: v.littleEndian) { for (i, b) in $0.enumerated() { bytes[position + i] = b } }
    }

    /// Makes the unsigned offset at `field` point to `target`.
    private mutating func patch(_ field: Int, to target: Int) { set(UInt32(target - field), at: field) }

    /// Writes `value` and returns the position its offsets must point to.
    private mutating func write(_ value: FlatValue) -> Int {
        switch value {
        case let .string(s):
            align(4)
            let start = bytes.count
            put(UInt32(s.utf8.count))
            bytes += Array(s.utf8) + [0]
            return start
        case let .scalars(data, _, count, alignment):
            align(max(alignment, 4), extra: 4)  // the data after the length is aligned
            let start = bytes.count
            put(UInt32(count))
            bytes += data
            return start
        case let .vector(items):
            align(4)
            let start = bytes.count
            put(UInt32(items.count))
            let slots = items.map { _ -> Int in
                put(UInt32(0)); return bytes.count - 4
            }
            for (slot, item) in zip(slots, items) { patch(slot, to: write(item)) }
            return start
        case let .table(fields):
            // vtable: its size, the table's size, then each field's offset within the table (0: absent).
            var layout: [Int?] = []
            var size = 4
            for field in fields {
                guard let field else { layout.append(nil); continue }
                while size % field.size != 0 { size += 1 }
                layout.append(size)
                size += field.size
            }
            align(2)
            let vtable = bytes.count
            put(UInt16(4 + 2 * fields.count))
            put(UInt16(size))
            for offset in layout { put(UInt16(offset ?? 0)) }
            align(4)
            let table = bytes.count
            put(Int32(table - vtable))
            bytes += [UInt8](repeating: 0, count: size - 4)
            var children: [(Int, FlatValue)] = []
            for (field, offset) in zip(fields, layout) {
                guard let field, let offset else { continue }
                let at = table + offset
                switch field {
                case let .int8(v): set(v, at: at)
                case let .uint8(v): set(v, at: at)
                case let .int32(v): set(v, at: at)
                case let .uint32(v): set(v, at: at)
                case let .bool(v): set(UInt8(v ? 1 : 0), at: at)
                case let .offset(child): children.append((at, child))
                }
            }
            for (at, child) in children { patch(at, to: write(child)) }
            return table
        }
    }
}
