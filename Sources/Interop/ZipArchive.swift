/// The entries of a zip archive whose members are stored uncompressed, as
/// `torch.save` writes them. Reads the central directory at the end of the file
/// and each member's local header; anything malformed is a typed error.
struct ZipArchive {
    enum Failure: Error { case malformed(String) }

    /// Member name -> byte range of its data in `bytes`.
    private(set) var entries: [String: Range<Int>] = [:]

    init(_ bytes: [UInt8]) throws {
        func u16(_ at: Int) throws -> Int {
            guard at >= 0, at + 2 <= bytes.count else { throw Failure.malformed("a record runs past the end of the file") }
            return Int(bytes[at]) | Int(bytes[at + 1]) << 8
        }
        func u32(_ at: Int) throws -> Int { try u16(at) | (u16(at + 2) << 16) }
        func u64(_ at: Int) throws -> Int { try u32(at) | (u32(at + 4) << 32) }

        // End of central directory: signature 0x06054b50, within the last 64 KiB + 22 bytes.
        guard bytes.count >= 22 else { throw Failure.malformed("\(bytes.count) bytes is too short for a zip archive") }
        var end = bytes.count - 22
        while end >= max(0, bytes.count - 22 - 65_535), try u32(end) != 0x0605_4b50 { end -= 1 }
        guard end >= 0, try u32(end) == 0x0605_4b50 else { throw Failure.malformed("no end-of-central-directory record") }
        var count = try u16(end + 10)
        var directory = try u32(end + 16)
        // Zip64 (torch.save writes it for large files): a locator 20 bytes before points to the zip64 record.
        if end >= 20, try u32(end - 20) == 0x0706_4b50 {
            let record = try u64(end - 12)
            guard try u32(record) == 0x0606_4b50 else { throw Failure.malformed("bad zip64 end record") }
            count = try u64(record + 32)
            directory = try u64(record + 48)
        }
        var at = directory
        for _ in 0..<count {
            guard try u32(at) == 0x0201_4b50 else { throw Failure.malformed("bad central directory entry at byte \(at)") }
            let method = try u16(at + 10)
            var size = try u32(at + 20)
            let nameLength = try u16(at + 28), extraLength = try u16(at + 30), commentLength = try u16(at + 32)
            var local = try u32(at + 42)
            guard at + 46 + nameLength <= bytes.count else { throw Failure.malformed("entry name runs past the end") }
            let name = String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
            // Zip64 extra field (id 1): the 64-bit sizes and offset that did not fit.
            var extra = at + 46 + nameLength
            let extraEnd = extra + extraLength
            while extra + 4 <= extraEnd {
                let id = try u16(extra), length = try u16(extra + 2)
                if id == 1 {
                    var field = extra + 4
                    if try u32(at + 24) == 0xffff_ffff { field += 8 }  // uncompressed size
                    if try u32(at + 20) == 0xffff_ffff { size = try u64(field); field += 8 }
                    if try u32(at + 42) == 0xffff_ffff { local = try u64(field) }
                }
                extra += 4 + length
            }
            guard method == 0 else { throw Failure.malformed("member \(name) is compressed (method \(method)); only stored members are read") }
            guard try u32(local) == 0x0403_4b50 else { throw Failure.malformed("bad local header for \(name)") }
            let start = try local + 30 + u16(local + 26) + u16(local + 28)
            guard start + size <= bytes.count else { throw Failure.malformed("member \(name) runs past the end of the file") }
            entries[name] = start..<(start + size)
            at = extraEnd + commentLength
        }
    }

    /// Whether `bytes` starts like a zip archive ("PK\u{3}\u{4}").
    static func looksLikeZip(_ bytes: [UInt8]) -> Bool { bytes.starts(with: [0x50, 0x4b, 0x03, 0x04]) }
}
