import FileIO
import Foundation

/// A NIfTI-1 volume: its header and its voxels as Float32 after the header's intensity
/// scaling (`slope · stored + intercept`), in the file's order, x fastest
/// (`index = x + nx·(y + ny·z)`), the Fortran order nibabel's `get_fdata()` indexes.
///
/// ```swift
/// let t1 = try NIfTIImage.read("ch2.nii.gz")
/// t1.shape            // [181, 217, 181]
/// t1.affine[0]        // [1, 0, 0, -90]: voxel (i, j, k) → x = i − 90 mm
/// try t1.write(to: "copy.nii.gz")   // gzip chosen by the extension
/// ```
public struct NIfTIImage: Equatable, Sendable {
    public var header: NIfTIHeader
    public var data: [Float]

    public var shape: [Int] { header.shape }
    public var affine: [[Double]] { header.affine }

    /// A new image with `data` (x fastest) and a voxel-to-world `affine` (3×4 or 4×4).
    /// Stored as `datatype`: integer types round and clamp the values.
    public init(data: [Float], shape: [Int], affine: [[Double]], datatype: NIfTIDataType = .float32) {
        precondition(shape.reduce(1, *) == data.count, "NIfTIImage: \(data.count) values do not fill shape \(shape)")
        header = NIfTIHeader(shape: shape, datatype: datatype, affine: affine)
        self.data = data
    }

    public init(header: NIfTIHeader, data: [Float]) {
        precondition(header.voxelCount == data.count, "NIfTIImage: \(data.count) values do not fill shape \(header.shape)")
        (self.header, self.data) = (header, data)
    }

    /// Reads a `.nii` or `.nii.gz` file (gzip recognised by its first bytes).
    public static func read(_ url: URL) throws -> NIfTIImage {
        let path = url.path
        guard FileManager.default.fileExists(atPath: path) else { throw DatasetError.fileNotFound(path: path) }
        let raw: Data
        do { raw = try FileIO.read(path) } catch { throw DatasetError.ioFailed(path: path, reason: "\(error)") }
        return try NIfTIImage(bytes: [UInt8](raw), path: path)
    }

    /// Parses the bytes of a whole file, gzip-compressed or not.
    public init(bytes input: [UInt8], path: String = "<memory>") throws {
        let bytes = Gzip.isCompressed(input) ? try Gzip.decompress(input, path: path) : input
        header = try NIfTIHeader(parsing: bytes, path: path)
        let offset = Int(exactly: header.voxOffset.rounded(.down)) ?? -1
        guard header.voxOffset.isFinite, offset >= 352 else {
            throw DatasetError.corrupt(path: path, reason: "vox_offset \(header.voxOffset) is before the end of the header (352)")
        }
        let count = header.voxelCount!
        let (needed, overflow) = count.multipliedReportingOverflow(by: header.datatype.byteCount)
        guard !overflow, offset <= bytes.count, bytes.count - offset >= needed else {
            throw DatasetError.truncated(path: path, expectedBytes: overflow ? Int.max : offset + needed, actualBytes: bytes.count)
        }
        let swapped = bytes.withUnsafeBytes { $0.loadUnaligned(as: Int32.self) } != 348
        let (type, step) = (header.datatype, header.datatype.byteCount)
        let scaling = header.scaling
        data = [Float](unsafeUninitializedCapacity: count) { out, initialized in
            bytes.withUnsafeBytes { raw in
                for i in 0..<count {
                    let stored = type.value(raw, at: offset + i * step, swapped: swapped)
                    out[i] = Float(scaling.map { stored * $0.slope + $0.intercept } ?? stored)
                }
            }
            initialized = count
        }
    }

    /// The file's bytes: header, then the voxels stored as `header.datatype`, inverting the
    /// header's scaling, gzip-compressed when `compressed`.
    public func encoded(compressed: Bool) -> [UInt8] {
        var header = self.header
        header.voxOffset = 352
        var bytes = header.encoded()
        bytes.reserveCapacity(352 + data.count * header.datatype.byteCount)
        let scaling = header.scaling
        for v in data {
            let stored = scaling.map { (Double(v) - $0.intercept) / $0.slope } ?? Double(v)
            header.datatype.append(stored, to: &bytes)
        }
        return compressed ? Gzip.compress(bytes) : bytes
    }

    /// Writes atomically; a path ending in `.gz` is gzip-compressed.
    public func write(to url: URL) throws {
        let bytes = encoded(compressed: url.path.hasSuffix(".gz"))
        do { try AtomicFile.write(Data(bytes), to: url) } catch {
            throw DatasetError.ioFailed(path: url.path, reason: "\(error)")
        }
    }

    /// The voxel at (x, y, z) of the first volume.
    public subscript(x: Int, y: Int, z: Int) -> Float {
        let nx = shape[0], ny = shape.count > 1 ? shape[1] : 1
        return data[x + nx * (y + ny * z)]
    }
}
