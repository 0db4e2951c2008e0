import Datasets
@testable import Serving
import XCTest

/// JPEG decoding against Pillow (fixtures from scripts/serving_fixtures.py), and the
/// header checks a server makes before decoding.
final class ImageDecodingTests: XCTestCase {
    func testJPEGPixelsMatchPillow() throws {
        for (name, channels) in [("colour", 3), ("progressive", 3), ("grey", 1)] {
            let image = try ImageDecoding.decode(try fixture("\(name).jpg"))
            let expected = try fixture("\(name).pixels")
            XCTAssertEqual([image.width, image.height, image.channels], [24, 16, channels], name)
            let worst = zip(image.pixels, expected).map { abs(Int($0) - Int($1)) }.max() ?? 0
            XCTAssertEqual(image.pixels.count, expected.count, name)
            XCTAssertLessThanOrEqual(worst, 1, "\(name): largest difference from Pillow")
        }
    }

    func testHeadersReportSizeWithoutDecoding() throws {
        let jpeg = try fixture("colour.jpg")
        XCTAssertEqual(try ImageDecoding.header(of: jpeg), ImageHeader(format: .jpeg, width: 24, height: 16))
        let huge = patched(jpeg, [try jpegSizeOffset(jpeg)], width: 2, to: 50_000)
        XCTAssertEqual(try ImageDecoding.header(of: huge).height, 50_000)
        let png = try flatPNG(width: 5, height: 7)
        XCTAssertEqual(try ImageDecoding.header(of: png), ImageHeader(format: .png, width: 5, height: 7))
    }

    func testBadBytesThrowTypedErrors() throws {
        let jpeg = try fixture("colour.jpg")
        XCTAssertThrowsError(try ImageDecoding.decode(Array("GIF89a".utf8))) { error in
            guard case DatasetError.badMagicNumber = error else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try ImageDecoding.decode([0xFF, 0xD8])) { error in
            guard case DatasetError.truncated = error else { return XCTFail("\(error)") }
        }
        for cut in [4, 100, jpeg.count / 2, jpeg.count - 2] {
            XCTAssertThrowsError(try ImageDecoding.decode(Array(jpeg.prefix(cut))), "JPEG cut at \(cut) of \(jpeg.count) bytes")
        }
        var garbled = jpeg
        for i in stride(from: 200, to: garbled.count - 2, by: 7) { garbled[i] ^= 0x5A }
        _ = try? ImageDecoding.decode(garbled)  // decodes to noise or throws; either way it returns
    }

    func testMultipartParts() {
        let (body, type) = multipart(Array("PIXELS\r\n--almost".utf8))
        let boundary = Multipart.boundary(contentType: type)
        XCTAssertEqual(boundary, "XyZ-boundary-42")
        let parts = Multipart.parts(Array(body), boundary: boundary!)
        XCTAssertEqual(parts?.map(\.name), ["note", "image"])
        XCTAssertEqual(parts.map { String(decoding: $0[1].body, as: UTF8.self) }, "PIXELS\r\n--almost")
        XCTAssertNil(Multipart.parts(Array("--XyZ\r\nContent-Type: x".utf8), boundary: "XyZ"), "no closing boundary")
        XCTAssertNil(Multipart.boundary(contentType: "multipart/form-data"))
        XCTAssertEqual(Multipart.boundary(contentType: "multipart/form-data; boundary=\"a b\""), "a b")
    }
}
