import Foundation

/// The 348-byte header of a NIfTI-1 file (`.nii`, `.nii.gz`): the volume's shape, voxel
/// type, voxel size, intensity scaling and where the voxels are in the world (scanner or
/// template millimetres), kept in two forms: the quaternion "qform" and the matrix "sform".
///
/// Field names follow `nifti1.h`, spelt in Swift's camel case (`scl_slope` is `sclSlope`).
public struct NIfTIHeader: Equatable, Sendable {
    /// The sizes of the `dim[0]` axes (`dim[1...dim[0]]`): x, y, z, then time and more.
    public var shape: [Int]
    public var datatype: NIfTIDataType
    /// `pixdim[0...7]`; `pixdim[0]` is the qform's handedness `qfac` (±1), 1...3 the voxel size.
    public var pixdim: [Float]
    public var voxOffset: Float
    public var sclSlope: Float
    public var sclInter: Float
    public var xyztUnits: UInt8
    public var descrip: String
    public var qformCode: Int16
    public var sformCode: Int16
    /// `quatern_b, quatern_c, quatern_d`: the rotation; `quatern_a` is implied (≥ 0).
    public var quaternion: [Float]
    public var qoffset: [Float]
    /// `srow_x, srow_y, srow_z`: the first three rows of the sform matrix.
    public var srow: [[Float]]
    public var intentCode: Int16

    /// A header for `shape` and `datatype` with the given voxel-to-world `affine` written as
    /// the sform (code 2, "aligned") with 1 mm units, as nibabel does when it saves a new image.
    public init(shape: [Int], datatype: NIfTIDataType, affine: [[Double]]) {
        precondition(
            (1...7).contains(shape.count) && shape.allSatisfy { $0 > 0 && $0 <= Int(Int16.max) },
            "NIfTIHeader: shape \(shape) must have 1 to 7 axes of 1...32767 voxels")
        precondition(affine.count >= 3 && affine.prefix(3).allSatisfy { $0.count == 4 }, "NIfTIHeader: affine must be 3x4 or 4x4")
        self.shape = shape
        self.datatype = datatype
        var pixdim: [Float] = [1, 1, 1, 1, 1, 1, 1, 1]
        for axis in 0..<3 {  // voxel sizes: the lengths of the affine's columns
            pixdim[axis + 1] = Float((0..<3).map { affine[$0][axis] * affine[$0][axis] }.reduce(0, +).squareRoot())
        }
        self.pixdim = pixdim
        voxOffset = 352
        sclSlope = 1
        sclInter = 0
        xyztUnits = 2  // NIFTI_UNITS_MM
        descrip = ""
        qformCode = 0
        sformCode = 2
        quaternion = [0, 0, 0]
        qoffset = [0, 0, 0]
        srow = (0..<3).map { r in affine[r].map { Float($0) } }
        intentCode = 0
    }

    /// The spatial voxel sizes `pixdim[1...3]` as nibabel reports them (`header.get_zooms()[:3]`).
    public var spacing: [Double] { (1...3).map { Double(abs(pixdim[$0])) } }

    /// The voxel-to-world matrix (4×4) nibabel's `img.affine` gives: the sform when its code
    /// is set, else the qform when its code is set, else a scaling centred on the volume
    /// with x flipped (nibabel's `get_base_affine`, the ANALYZE convention).
    public var affine: [[Double]] {
        if sformCode != 0 { return sformAffine }
        if qformCode != 0 { return qformAffine }
        return baseAffine
    }

    public var sformAffine: [[Double]] { srow.map { $0.map(Double.init) } + [[0, 0, 0, 1]] }

    /// The qform: rotation from the unit quaternion (a, b, c, d), a = √(1 − b² − c² − d²),
    /// times the voxel sizes, with z negated when `qfac = pixdim[0]` is −1, then the offset.
    public var qformAffine: [[Double]] {
        let (b, c, d) = (Double(quaternion[0]), Double(quaternion[1]), Double(quaternion[2]))
        let a = max(0, 1 - (b * b + c * c + d * d)).squareRoot()
        let rotation = [
            [a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)],
            [2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)],
            [2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b],
        ]
        var zooms = spacing
        if pixdim[0] == -1 { zooms[2] = -zooms[2] }
        return (0..<3).map { r in (0..<3).map { rotation[r][$0] * zooms[$0] } + [Double(qoffset[r])] } + [[0, 0, 0, 1]]
    }

    public var baseAffine: [[Double]] {
        let zooms = spacing
        let sizes = (0..<3).map { $0 < shape.count ? shape[$0] : 1 }
        let flip: [Double] = [-1, 1, 1]
        var affine: [[Double]] = [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 1]]
        for r in 0..<3 {
            let step = flip[r] * zooms[r]
            affine[r][r] = step
            affine[r][3] = -step * Double(sizes[r] - 1) / 2
        }
        return affine
    }

    /// (slope, intercept) applied to the stored values, or nil when the slope is 0 or not
    /// finite (nibabel's rule: such a file is unscaled).
    public var scaling: (slope: Double, intercept: Double)? {
        guard sclSlope != 0, sclSlope.isFinite else { return nil }
        return (Double(sclSlope), sclInter.isFinite ? Double(sclInter) : 0)
    }

    /// The number of voxels, nil if it overflows.
    public var voxelCount: Int? {
        shape.reduce(Optional(1)) { total, size in total.flatMap { $0.multipliedReportingOverflow(by: size) }.flatMap { $0.overflow ? nil : $0.partialValue } }
    }
}

extension NIfTIHeader {
    static let size = 348

    /// Parses the first 348 bytes of `bytes`, in either byte order; throws on anything
    /// that is not a single-file NIfTI-1 header.
    init(parsing bytes: [UInt8], path: String) throws {
        guard bytes.count >= NIfTIHeader.size else {
            throw DatasetError.truncated(path: path, expectedBytes: NIfTIHeader.size, actualBytes: bytes.count)
        }
        let reader = ByteReader(bytes: bytes, swapped: false)
        let swapped: Bool
        switch reader.int32(0) {
        case 348: swapped = false
        case Int32(348).byteSwapped: swapped = true
        default:
            if bytes.count >= 4, ByteReader(bytes: bytes, swapped: false).int32(0) == 540 || ByteReader(bytes: bytes, swapped: true).int32(0) == 540 {
                throw DatasetError.corrupt(path: path, reason: "this is a NIfTI-2 file; only NIfTI-1 is read")
            }
            throw DatasetError.badMagicNumber(path: path, expected: "sizeof_hdr 348", found: "\(reader.int32(0))")
        }
        let r = ByteReader(bytes: bytes, swapped: swapped)
        let magic = Array(bytes[344..<348])
        guard magic == Array("n+1\0".utf8) else {
            let text = String(decoding: magic.prefix { $0 != 0 }, as: UTF8.self)
            throw DatasetError.badMagicNumber(
                path: path, expected: "n+1",
                found: magic == Array("ni1\0".utf8)
                    ? "ni1 (a .hdr/.img pair; convert it to a single .nii)" : "'\(text)'")
        }
        let dims = (0..<8).map { Int(r.int16(40 + 2 * $0)) }
        guard (1...7).contains(dims[0]) else { throw DatasetError.corrupt(path: path, reason: "dim[0] = \(dims[0]) is not in 1...7") }
        shape = Array(dims[1...dims[0]])
        guard shape.allSatisfy({ $0 > 0 }) else { throw DatasetError.corrupt(path: path, reason: "dimensions \(shape) must be positive") }
        let code = r.int16(70)
        guard let type = NIfTIDataType(rawValue: code) else {
            throw DatasetError.corrupt(path: path, reason: "datatype \(code) is not a supported real voxel type")
        }
        datatype = type
        pixdim = (0..<8).map { r.float(76 + 4 * $0) }
        voxOffset = r.float(108)
        sclSlope = r.float(112)
        sclInter = r.float(116)
        xyztUnits = bytes[123]
        descrip = String(decoding: bytes[148..<228].prefix { $0 != 0 }, as: UTF8.self)
        // nibabel resets codes outside 0...4 to 0 (unknown) when it loads a header.
        qformCode = (0...4).contains(r.int16(252)) ? r.int16(252) : 0
        sformCode = (0...4).contains(r.int16(254)) ? r.int16(254) : 0
        quaternion = (0..<3).map { r.float(256 + 4 * $0) }
        qoffset = (0..<3).map { r.float(268 + 4 * $0) }
        srow = (0..<3).map { row in (0..<4).map { r.float(280 + 16 * row + 4 * $0) } }
        intentCode = r.int16(68)
        guard voxelCount != nil else { throw DatasetError.corrupt(path: path, reason: "dimensions \(shape) overflow") }
    }

    /// The header, its 4-byte extension flag (no extensions) and padding up to `voxOffset` (352), little-endian.
    func encoded() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 352)
        func put<T: FixedWidthInteger>(_ value: T, at offset: Int) {
            withUnsafeBytes(of: value.littleEndian) { for (i, b) in $0.enumerated() { out[offset + i] = b } }
        }
        func put(_ value: Float, at offset: Int) { put(value.bitPattern, at: offset) }
        put(Int32(348), at: 0)
        out[38] = UInt8(ascii: "r")
        put(Int16(shape.count), at: 40)
        for i in 0..<7 { put(Int16(i < shape.count ? shape[i] : 1), at: 42 + 2 * i) }
        put(intentCode, at: 68)
        put(datatype.rawValue, at: 70)
        put(Int16(datatype.byteCount * 8), at: 72)
        for (i, p) in pixdim.enumerated() { put(p, at: 76 + 4 * i) }
        put(voxOffset, at: 108)
        put(sclSlope, at: 112)
        put(sclInter, at: 116)
        out[123] = xyztUnits
        for (i, b) in descrip.utf8.prefix(79).enumerated() { out[148 + i] = b }
        put(qformCode, at: 252)
        put(sformCode, at: 254)
        for (i, q) in (quaternion + qoffset).enumerated() { put(q, at: 256 + 4 * i) }
        for (row, values) in srow.enumerated() { for (i, v) in values.enumerated() { put(v, at: 280 + 16 * row + 4 * i) } }
        for (i, b) in "n+1\0".utf8.enumerated() { out[344 + i] = b }
        return out
    }
}

/// Reads little- or big-endian numbers at byte offsets of a buffer known to be long enough.
private struct ByteReader {
    let bytes: [UInt8]
    let swapped: Bool

    func int16(_ offset: Int) -> Int16 {
        let v = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: Int16.self) }
        return swapped ? v.byteSwapped : v
    }
    func int32(_ offset: Int) -> Int32 {
        let v = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: Int32.self) }
        return swapped ? v.byteSwapped : v
    }
    func float(_ offset: Int) -> Float {
        let v = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self) }
        return Float(bitPattern: swapped ? v.byteSwapped : v)
    }
}
