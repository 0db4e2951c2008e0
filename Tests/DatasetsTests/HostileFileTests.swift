import Foundation
import Testing
@testable import Datasets

/// Files whose headers announce more than they hold: each is a typed error, found
/// before anything is allocated.
@Suite struct HostileFileTests {
    /// An IDX header of `type` and `shape`, followed by `payload` bytes.
    static func idx(type: UInt8 = 0x08, shape: [UInt32], payload: Int = 0) -> [UInt8] {
        [0, 0, type, UInt8(shape.count)] + shape.flatMap { withUnsafeBytes(of: $0.bigEndian, Array.init) } + [UInt8](repeating: 0, count: payload)
    }

    @Test func idxSizesThatOverflowAreShapeMismatches() {
        let headers: [[UInt32]] = [[.max, .max, .max, .max], [0, .max, .max, .max], [1 << 31, 1 << 31, 1 << 31]]
        for shape in headers {
            #expect { try IDXArray(bytes: Self.idx(type: 0x0E, shape: shape, payload: 8)) } throws: { error in
                guard case .shapeMismatch = error as? DatasetError else { return false }
                return "\(error)".contains("overflows")
            }
        }
    }

    /// Found by `scripts/fuzz.sh idx` in 152 executions against the earlier reader, which
    /// trapped multiplying the sizes: an int16 array shaped [246, 4278190863, 4294964994].
    @Test func fuzzFindingIDXOverflowIsAnError() {
        let bytes: [UInt8] = [
            0x00, 0x00, 0x0B, 0x03, 0x00, 0x00, 0x00, 0xF6, 0xFE, 0xFF, 0xFF, 0x0F, 0xFF, 0xFF, 0xF7, 0x02,
            0x00, 0x01, 0x00, 0x02, 0x00, 0x03, 0x00, 0x41,
        ]
        #expect(throws: DatasetError.self) { try IDXArray(bytes: bytes) }
    }

    /// An empty images file shaped [0, 2^32-1, 2^32-1] used to overflow `h * w` when flattened.
    @Test func mnistRejectsImageSizesThatOverflow() throws {
        let folder = try temporaryDirectory()
        for split in ["train", "t10k"] {
            try Data(Self.idx(shape: [0, .max, .max])).write(to: URL(fileURLWithPath: "\(folder)/\(split)-images-idx3-ubyte"))
            try Data(Self.idx(shape: [0])).write(to: URL(fileURLWithPath: "\(folder)/\(split)-labels-idx1-ubyte"))
        }
        #expect(throws: DatasetError.self) { try MNIST(directory: URL(fileURLWithPath: folder), flatten: true) }
    }

    /// A 57-byte PNG whose header announces 100000 x 100000 RGB pixels (30 GB).
    @Test func pngHeaderCannotAskForMoreMemoryThanTheFileHolds() throws {
        func chunk(_ type: String, _ body: [UInt8]) -> [UInt8] {
            let typed = Array(type.utf8) + body
            return withUnsafeBytes(of: UInt32(body.count).bigEndian, Array.init) + typed + withUnsafeBytes(of: crc32(typed).bigEndian, Array.init)
        }
        let size = withUnsafeBytes(of: UInt32(100_000).bigEndian, Array.init)
        let png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", size + size + [8, 2, 0, 0, 0]) + chunk("IDAT", []) + chunk("IEND", [])
        #expect(png.count == 57)
        #expect { try PNGImage(data: png) } throws: { "\($0)".contains("more than a 57-byte file can hold") }
    }

    @Test func readingADirectoryNamesTheProblem() throws {
        let folder = try temporaryDirectory()
        #expect { try IDXArray.read(URL(fileURLWithPath: folder)) } throws: { "\($0)".contains("directory") && !"\($0)".contains("NSCocoaErrorDomain") }
    }
}

/// CRC-32 (PNG's chunk checksum).
func crc32(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
        crc ^= UInt32(byte)
        for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    return ~crc
}
