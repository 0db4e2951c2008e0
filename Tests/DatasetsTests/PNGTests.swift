import Foundation
import Testing
import Tensors
@testable import Datasets

@Suite struct PNGTests {
    @Test(arguments: [1, 2, 3, 4]) func roundTripKeepsEveryByte(channels: Int) throws {
        let (width, height) = (7, 5)
        let pixels = (0..<width * height * channels).map { UInt8(($0 * 37 + 11) % 256) }
        let image = PNGImage(width: width, height: height, channels: channels, pixels: pixels)
        let path = try temporaryDirectory() + "/image.png"
        try image.write(to: URL(fileURLWithPath: path))
        #expect(try PNGImage.read(URL(fileURLWithPath: path)) == image)
    }

    @Test func tensorConversionIsHWCToCHW() throws {
        // 2x1 RGB: pixel 0 = (255, 0, 51), pixel 1 = (0, 255, 102).
        let image = PNGImage(width: 2, height: 1, channels: 3, pixels: [255, 0, 51, 0, 255, 102])
        let x = image.tensor()
        #expect(x.shape == [3, 1, 2])
        #expect(x.scalars == [1, 0, 0, 1, 0.2, 0.4])
        #expect(PNGImage(tensor: x) == image)
        #expect(PNGImage(tensor: Tensor([-1, 0.5, 2, .nan], shape: [2, 2])).pixels == [0, 128, 255, 0])
    }

    @Test func channelConversions() {
        let rgb = PNGImage(width: 1, height: 1, channels: 3, pixels: [255, 0, 0])
        #expect(rgb.converted(channels: 1).pixels == [76])
        #expect(rgb.converted(channels: 4).pixels == [255, 0, 0, 255])
        #expect(rgb.converted(channels: 1).converted(channels: 3).pixels == [76, 76, 76])
    }

    @Test func badFilesThrowTypedErrors() throws {
        let dir = try temporaryDirectory()
        #expect(throws: DatasetError.fileNotFound(path: dir + "/none.png")) { try PNGImage.read(URL(fileURLWithPath: dir + "/none.png")) }

        #expect { try PNGImage(data: Array("GIF89a......".utf8)) } throws: { error in
            if case .badMagicNumber = error as? DatasetError { return "\(error)".contains("not a PNG") } else { return false }
        }

        let good = try PNGImage(width: 16, height: 16, channels: 3, pixels: Array(repeating: 9, count: 768)).encoded()
        for length in [5, 20, good.count / 2, good.count - 1] {
            #expect { try PNGImage(data: Array(good.prefix(length))) } throws: { error in
                if case .truncated = error as? DatasetError { return true } else { return false }
            }
        }
        // A flipped byte inside the image data breaks a checksum: libpng's message is passed on.
        var corrupted = good
        corrupted[good.count - 20] ^= 0xFF
        #expect { try PNGImage(data: corrupted) } throws: { error in
            if case .corrupt = error as? DatasetError { return true } else { return false }
        }
    }

    @Test func writesAreAtomicAndLeaveNoTemporaryFiles() throws {
        let dir = try temporaryDirectory()
        let image = PNGImage(width: 2, height: 2, channels: 1, pixels: [0, 1, 2, 3])
        try image.write(to: URL(fileURLWithPath: dir + "/a.png"))
        try PNGImage(width: 1, height: 1, channels: 1, pixels: [42]).write(to: URL(fileURLWithPath: dir + "/a.png"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["a.png"])
        #expect(try PNGImage.read(URL(fileURLWithPath: dir + "/a.png")).pixels == [42])
    }
}
