import CZlib
import FileIO

/// gzip (and zlib) compression through the system zlib.
public enum Gzip {
    /// The bytes of the file at `path`, gunzipped when they start with gzip's magic bytes.
    static func readFile(_ path: String) throws -> [UInt8] {
        let bytes = try Files.read(path)
        return isCompressed(bytes) ? try decompress(bytes, path: path) : bytes
    }

    /// Whether `bytes` start with gzip's magic number 1f 8b.
    public static func isCompressed(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// Inflates gzip or zlib data (several concatenated gzip members are joined).
    /// `path` only names the source in errors.
    public static func decompress(_ input: [UInt8], path: String = "<memory>") throws -> [UInt8] {
        var stream = z_stream()
        // 15 + 32: the largest window, and detect gzip or zlib headers automatically.
        guard inflateInit2_(&stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DatasetError.corrupt(path: path, reason: "zlib could not start inflating")
        }
        defer { inflateEnd(&stream) }
        var output = [UInt8]()
        output.reserveCapacity(input.count * 4)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var input = input
        let total = input.count
        try input.withUnsafeMutableBufferPointer { source in
            stream.next_in = source.baseAddress
            stream.avail_in = UInt32(total)
            while true {
                let status = chunk.withUnsafeMutableBufferPointer { buffer -> Int32 in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = UInt32(buffer.count)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                output.append(contentsOf: chunk[0..<(chunk.count - Int(stream.avail_out))])
                switch status {
                case Z_OK:
                    continue
                case Z_STREAM_END:
                    // Another gzip member may follow (as `cat a.gz b.gz` makes).
                    guard stream.avail_in > 0, isCompressed(Array(UnsafeBufferPointer(start: stream.next_in, count: min(2, Int(stream.avail_in))))) else {
                        return
                    }
                    inflateReset(&stream)
                case Z_BUF_ERROR where stream.avail_in == 0:
                    throw DatasetError.truncated(path: path, expectedBytes: total + 1, actualBytes: total)
                default:
                    let message = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                    throw DatasetError.corrupt(path: path, reason: "gzip data: \(message)")
                }
            }
        }
        return output
    }

    /// Deflates `input` into the gzip format (level 0...9).
    public static func compress(_ input: [UInt8], level: Int32 = 6) -> [UInt8] {
        var stream = z_stream()
        // 15 + 16: the largest window, with a gzip header and trailer.
        let started = deflateInit2_(
            &stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY,
            zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        precondition(started == Z_OK, "Gzip.compress: zlib could not start deflating (level \(level))")
        defer { deflateEnd(&stream) }
        var input = input
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(input.count))) + 32)
        let produced = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target -> Int in
                stream.next_in = source.baseAddress
                stream.avail_in = UInt32(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = UInt32(target.count)
                let status = deflate(&stream, Z_FINISH)
                precondition(status == Z_STREAM_END, "Gzip.compress: deflate returned \(status)")
                return target.count - Int(stream.avail_out)
            }
        }
        return Array(output[0..<produced])
    }
}
