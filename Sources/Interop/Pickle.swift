import Foundation

/// Why a pickle stream could not be read.
public enum PickleError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// The stream ends inside an instruction.
    case truncated(offset: Int)
    case unsupportedOpcode(UInt8, offset: Int)
    /// A class or function the reader does not allow (pickle is read as data, nothing is executed).
    case forbiddenGlobal(String)
    case malformed(String)

    public var description: String {
        switch self {
        case let .truncated(offset): return "pickle stream ends at byte \(offset) inside an instruction"
        case let .unsupportedOpcode(code, offset): return "pickle opcode 0x\(String(code, radix: 16)) at byte \(offset) is not supported"
        case let .forbiddenGlobal(name): return "pickle refers to \(name), which is not allowed in a checkpoint"
        case let .malformed(reason): return "malformed pickle: \(reason)"
        }
    }

    public var errorDescription: String? { description }
}

/// A mutable list or dict in a pickle: later instructions append to the object
/// that earlier ones created and memoised, so these two are reference types.
final class PickleList { var items: [PickleValue] = [] }
final class PickleDict { var items: [(key: PickleValue, value: PickleValue)] = [] }

/// A value of the pickle subset that PyTorch checkpoints use.
indirect enum PickleValue {
    case none, bool(Bool), int(Int), float(Double), string(String), bytes([UInt8])
    /// An integer too wide for `Int`, as its little-endian two's-complement bytes.
    case wideInt([UInt8])
    case tuple([PickleValue]), list(PickleList), dict(PickleDict)
    /// `module.name`, already checked against the allowed list.
    case global(module: String, name: String)
    /// Whatever the caller built for a persistent id or a call of an allowed global.
    case object(Any)

    var string: String? { if case let .string(s) = self { return s }; return nil }
    var int: Int? { if case let .int(i) = self { return i }; return nil }
    var tuple: [PickleValue]? { if case let .tuple(t) = self { return t }; return nil }
}

/// A pickle virtual machine for data only (protocols 2-5): it builds strings, numbers,
/// tuples, lists and dicts, and hands every `GLOBAL` to `allow` and every call (`REDUCE`)
/// to `call`, so nothing outside the caller's list can run.
struct PickleReader {
    let bytes: [UInt8]
    var offset: Int
    /// Decides whether `module.name` may appear; any other global is an error.
    let allow: (String, String) -> Bool
    /// Builds the value of calling an allowed global with arguments.
    let call: (_ module: String, _ name: String, _ args: [PickleValue]) throws -> PickleValue
    /// Builds the value of a persistent id (`BINPERSID`).
    let persistentLoad: (PickleValue) throws -> PickleValue

    /// Runs one pickle from `offset` to its `STOP` and returns its value; `offset` then
    /// points after the `STOP` (a legacy PyTorch file holds several pickles in a row).
    mutating func load() throws -> PickleValue {
        var stack: [PickleValue] = []
        var marks: [Int] = []
        var memo: [Int: PickleValue] = [:]

        func pop() throws -> PickleValue {
            guard let v = stack.popLast() else { throw PickleError.malformed("stack underflow at byte \(offset)") }
            return v
        }
        func popToMark() throws -> [PickleValue] {
            guard let mark = marks.popLast(), mark <= stack.count else { throw PickleError.malformed("no mark at byte \(offset)") }
            let items = Array(stack[mark...])
            stack.removeSubrange(mark...)
            return items
        }
        func setItems(_ items: [PickleValue], into target: PickleValue) throws {
            guard case let .dict(d) = target, items.count % 2 == 0 else { throw PickleError.malformed("SETITEMS on a non-dict") }
            for i in stride(from: 0, to: items.count, by: 2) { d.items.append((items[i], items[i + 1])) }
        }
        func append(_ items: [PickleValue], to target: PickleValue) throws {
            guard case let .list(l) = target else { throw PickleError.malformed("APPENDS on a non-list") }
            l.items += items
        }

        while true {
            let at = offset
            let op = try byte()
            switch op {
            case 0x80: _ = try byte()  // PROTO
            case 0x95: _ = try take(8)  // FRAME
            case 0x2e: return try pop()  // STOP
            case 0x28: marks.append(stack.count)  // MARK
            case 0x4e: stack.append(.none)
            case 0x88: stack.append(.bool(true))
            case 0x89: stack.append(.bool(false))
            case 0x29: stack.append(.tuple([]))
            case 0x5d: stack.append(.list(PickleList()))
            case 0x7d: stack.append(.dict(PickleDict()))
            case 0x4b: stack.append(.int(Int(try byte())))  // BININT1
            case 0x4d: stack.append(.int(Int(try unsigned(2))))  // BININT2
            case 0x4a: stack.append(.int(Int(Int32(truncatingIfNeeded: try unsigned(4)))))  // BININT
            case 0x8a: stack.append(integer(try take(Int(try byte()))))  // LONG1
            case 0x8b: stack.append(integer(try take(try length(4))))  // LONG4
            case 0x47:  // BINFLOAT, big-endian
                let raw = try take(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                stack.append(.float(Double(bitPattern: raw)))
            case 0x58: stack.append(.string(try text(try length(4))))  // BINUNICODE
            case 0x8c: stack.append(.string(try text(Int(try byte()))))  // SHORT_BINUNICODE
            case 0x8d: stack.append(.string(try text(try length(8))))  // BINUNICODE8
            case 0x54: stack.append(.string(try text(try length(4))))  // BINSTRING
            case 0x55: stack.append(.string(try text(Int(try byte()))))  // SHORT_BINSTRING
            case 0x42: stack.append(.bytes(try take(try length(4))))  // BINBYTES
            case 0x43: stack.append(.bytes(try take(Int(try byte()))))  // SHORT_BINBYTES
            case 0x74: stack.append(.tuple(try popToMark()))  // TUPLE
            case 0x85: stack.append(.tuple([try pop()]))  // TUPLE1
            case 0x86: let b = try pop(), a = try pop(); stack.append(.tuple([a, b]))
            case 0x87: let c = try pop(), b = try pop(), a = try pop(); stack.append(.tuple([a, b, c]))
            case 0x6c: let items = try popToMark(); let l = PickleList(); l.items = items; stack.append(.list(l))  // LIST
            case 0x71: memo[Int(try byte())] = try top(stack)  // BINPUT
            case 0x72: memo[try length(4)] = try top(stack)  // LONG_BINPUT
            case 0x94: memo[memo.count] = try top(stack)  // MEMOIZE
            case 0x68, 0x6a:  // BINGET, LONG_BINGET
                let key = op == 0x68 ? Int(try byte()) : try length(4)
                guard let v = memo[key] else { throw PickleError.malformed("memo entry \(key) is not set") }
                stack.append(v)
            case 0x30: _ = try pop()  // POP
            case 0x31: _ = try popToMark()  // POP_MARK
            case 0x32: stack.append(try top(stack))  // DUP
            case 0x73: let v = try pop(), k = try pop(); try setItems([k, v], into: try top(stack))  // SETITEM
            case 0x75: let items = try popToMark(); try setItems(items, into: try top(stack))  // SETITEMS
            case 0x61: let v = try pop(); try append([v], to: try top(stack))  // APPEND
            case 0x65: let items = try popToMark(); try append(items, to: try top(stack))  // APPENDS
            case 0x63:  // GLOBAL "module\nname\n"
                let module = try line(), name = try line()
                stack.append(try global(module, name))
            case 0x93:  // STACK_GLOBAL
                guard let name = try pop().string, let module = try pop().string else {
                    throw PickleError.malformed("STACK_GLOBAL needs two strings")
                }
                stack.append(try global(module, name))
            case 0x52:  // REDUCE
                let args = try pop(), function = try pop()
                guard case let .global(module, name) = function, let list = args.tuple else {
                    throw PickleError.malformed("REDUCE at byte \(at) calls something that is not an allowed global")
                }
                stack.append(try call(module, name, list))
            case 0x51: stack.append(try persistentLoad(try pop()))  // BINPERSID
            case 0x62: _ = try pop()  // BUILD: object state (OrderedDict metadata) is dropped
            default: throw PickleError.unsupportedOpcode(op, offset: at)
            }
        }
    }

    private func global(_ module: String, _ name: String) throws -> PickleValue {
        guard allow(module, name) else { throw PickleError.forbiddenGlobal("\(module).\(name)") }
        return .global(module: module, name: name)
    }

    private func top(_ stack: [PickleValue]) throws -> PickleValue {
        guard let v = stack.last else { throw PickleError.malformed("empty stack at byte \(offset)") }
        return v
    }

    private func integer(_ raw: [UInt8]) -> PickleValue {
        guard raw.count <= 8 else { return .wideInt(raw) }
        guard !raw.isEmpty else { return .int(0) }
        var value: UInt64 = 0
        for (i, b) in raw.enumerated() { value |= UInt64(b) << (8 * UInt64(i)) }
        if raw.count < 8, raw.last! & 0x80 != 0 { value |= ~UInt64(0) << (8 * UInt64(raw.count)) }  // sign-extend
        return .int(Int(Int64(bitPattern: value)))
    }

    private mutating func byte() throws -> UInt8 {
        guard offset < bytes.count else { throw PickleError.truncated(offset: offset) }
        defer { offset += 1 }
        return bytes[offset]
    }

    private mutating func take(_ n: Int) throws -> [UInt8] {
        guard n >= 0, n <= bytes.count - offset else { throw PickleError.truncated(offset: offset) }
        defer { offset += n }
        return Array(bytes[offset..<offset + n])
    }

    private mutating func unsigned(_ n: Int) throws -> UInt64 {
        try take(n).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
    }

    private mutating func length(_ n: Int) throws -> Int {
        let v = try unsigned(n)
        guard v <= UInt64(bytes.count) else { throw PickleError.truncated(offset: offset) }
        return Int(v)
    }

    private mutating func text(_ n: Int) throws -> String {
        let raw = try take(n)
        guard let s = String(bytes: raw, encoding: .utf8) ?? String(bytes: raw, encoding: .isoLatin1) else {
            throw PickleError.malformed("undecodable string at byte \(offset - n)")
        }
        return s
    }

    private mutating func line() throws -> String {
        guard let end = bytes[offset...].firstIndex(of: 0x0a) else { throw PickleError.truncated(offset: offset) }
        let s = String(decoding: bytes[offset..<end], as: UTF8.self)
        offset = end + 1
        return s
    }
}
