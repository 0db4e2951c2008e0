import Datasets
import Foundation
import Testing

@Suite struct NIfTITests {
    func sample(_ datatype: NIfTIDataType = .int16) -> NIfTIImage {
        let affine: [[Double]] = [[-2, 0, 0, 90], [0, 2, 0, -126], [0, 0, 2, -72], [0, 0, 0, 1]]
        return NIfTIImage(data: (0..<24).map { Float($0 * 3 - 20) }, shape: [4, 3, 2], affine: affine, datatype: datatype)
    }

    @Test func writesAndReadsBackEveryDatatype() throws {
        for type in NIfTIDataType.allCases {
            let image = sample(type)
            let back = try NIfTIImage(bytes: image.encoded(compressed: type.rawValue % 2 == 0))
            let expected = image.data.map { v -> Float in [.uint8, .uint16, .uint32, .uint64].contains(type) ? max(v, 0) : v }
            #expect(back.data == expected, "\(type)")
            #expect(back.shape == [4, 3, 2] && back.header.datatype == type)
            #expect(back.affine == image.affine && back.header.spacing == [2, 2, 2])
        }
    }

    @Test func scalingIsInvertedOnWriteAndAppliedOnRead() throws {
        var image = sample(.int16)
        image.header.sclSlope = 0.5
        image.header.sclInter = -3
        let stored = image.encoded(compressed: false)
        #expect(stored.count == 352 + 24 * 2)
        #expect(try NIfTIImage(bytes: stored).data == image.data)
    }

    @Test func malformedFilesThrowInsteadOfTrapping() throws {
        let good = sample().encoded(compressed: false)
        var cases: [(String, [UInt8])] = [("empty", []), ("header only", Array(good.prefix(200))), ("truncated voxels", Array(good.prefix(360)))]
        var wrongSize = good; wrongSize[0] = 99; cases.append(("sizeof_hdr", wrongSize))
        var pair = good; pair.replaceSubrange(344..<348, with: Array("ni1\0".utf8)); cases.append(("ni1 pair", pair))
        var dims = good; dims[40] = 9; cases.append(("dim[0] = 9", dims))
        var negative = good; negative[42] = 0xFF; negative[43] = 0xFF; cases.append(("negative size", negative))
        var type = good; type[70] = 32; cases.append(("complex datatype", type))
        var offset = good; offset.replaceSubrange(108..<112, with: withUnsafeBytes(of: Float(100).bitPattern.littleEndian, Array.init));
        cases.append(("vox_offset 100", offset))
        var huge = good; for i in 0..<6 { huge[42 + 2 * i] = 0xFF; huge[43 + 2 * i] = 0x7F }; cases.append(("huge", huge))
        cases.append(("gzip garbage", [0x1F, 0x8B, 8, 0, 1, 2, 3]))
        for (name, bytes) in cases {
            #expect(throws: DatasetError.self, "\(name)") { try NIfTIImage(bytes: bytes) }
        }
        #expect(throws: DatasetError.fileNotFound(path: "/nonexistent.nii")) { try NIfTIImage.read(URL(fileURLWithPath: "/nonexistent.nii")) }
    }

    @Test func bigEndianHeadersAreRead() throws {
        var bytes = sample(.int16).encoded(compressed: false)
        func swap(_ offset: Int, _ width: Int) { bytes[offset..<offset + width].reverse() }
        swap(0, 4)
        for i in 0..<8 { swap(40 + 2 * i, 2) }
        swap(70, 2); swap(72, 2)
        for i in 0..<8 { swap(76 + 4 * i, 4) }
        for o in [108, 112, 116] { swap(o, 4) }
        swap(252, 2); swap(254, 2)
        for i in 0..<18 { swap(256 + 4 * i, 4) }
        for i in 0..<24 { swap(352 + 2 * i, 2) }
        let image = try NIfTIImage(bytes: bytes)
        #expect(image.data == sample().data && image.affine == sample().affine)
    }
}
