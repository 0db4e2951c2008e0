import DeepLearning
import Foundation

/// One 3-D volume on a voxel grid placed in the world: values x fastest
/// (`index = x + nx·(y + ny·z)`, as in a NIfTI file) and the voxel-to-world affine (4×4, mm).
/// The same memory is a C-order tensor [nz, ny, nx], the [D, H, W] a 3-D network reads.
struct Volume: Equatable {
    var data: [Float]
    var shape: [Int]
    var affine: [[Double]]

    init(data: [Float], shape: [Int], affine: [[Double]]) {
        precondition(shape.count == 3 && data.count == shape.reduce(1, *), "Volume: \(data.count) values for shape \(shape)")
        (self.data, self.shape, self.affine) = (data, shape, affine)
    }

    /// The first 3-D volume of a NIfTI image; a 4-D series with more than one volume is refused.
    init(_ image: NIfTIImage, path: String) throws {
        let shape = image.shape + [Int](repeating: 1, count: max(0, 3 - image.shape.count))
        guard shape.dropFirst(3).allSatisfy({ $0 == 1 }) else {
            throw P05Error.badInput("\(path): shape \(image.shape) is a series; give one 3-D volume")
        }
        self.init(data: image.data, shape: Array(shape.prefix(3)), affine: image.affine)
    }

    static func read(_ url: URL) throws -> Volume { try Volume(NIfTIImage.read(url), path: url.path) }

    /// The voxel sizes in mm: the lengths of the affine's columns.
    var spacing: [Double] { (0..<3).map { c in (0..<3).map { affine[$0][c] * affine[$0][c] }.reduce(0, +).squareRoot() } }

    func index(_ x: Int, _ y: Int, _ z: Int) -> Int { x + shape[0] * (y + shape[1] * z) }

    /// Saved as NIfTI with this volume's affine (`uint8` for masks, `float32` for images).
    func nifti(datatype: NIfTIDataType = .float32) -> NIfTIImage { NIfTIImage(data: data, shape: shape, affine: affine, datatype: datatype) }

    /// The same values as a tensor [1, 1, nz, ny, nx].
    var tensor: Tensor { Tensor(data, shape: [1, 1, shape[2], shape[1], shape[0]]) }

    func mapped(_ f: (Float) -> Float) -> Volume { Volume(data: data.map(f), shape: shape, affine: affine) }
}

// MARK: Orientation (MONAI `Orientation(axcodes="RAS")`)

extension Volume {
    /// The volume with its axes permuted and flipped so that voxel axes 0, 1, 2 run to the
    /// Right, Anterior and Superior: no voxel changes value, only its position in memory, and
    /// the affine changes so that every voxel keeps its place in the world.
    func orientedRAS() throws -> Volume {
        let codes = try axisCodes(affine)
        let worldAxis = codes.map { "RLAPSI".firstIndex(of: $0)!.utf16Offset(in: "RLAPSI") / 2 }
        guard Set(worldAxis).count == 3 else { throw P05Error.badInput("affine \(affine) has two voxel axes along the same world axis (\(codes))") }
        let flipped = codes.map { "LPI".contains($0) }
        // New axis r reads old axis `source[r]`, counted backwards when that axis is flipped.
        let source = (0..<3).map { r in worldAxis.firstIndex(of: r)! }
        let newShape = source.map { shape[$0] }
        var newAffine = affine
        for r in 0..<3 {
            let c = source[r]
            for row in 0..<3 { newAffine[row][r] = flipped[c] ? -affine[row][c] : affine[row][c] }
        }
        for row in 0..<3 {  // the new voxel 0 sits where the old flipped axes end
            newAffine[row][3] = affine[row][3] + (0..<3).filter { flipped[$0] }.map { affine[row][$0] * Double(shape[$0] - 1) }.reduce(0, +)
        }
        var out = [Float](repeating: 0, count: data.count)
        var old = [0, 0, 0]
        for z in 0..<newShape[2] {
            for y in 0..<newShape[1] {
                for x in 0..<newShape[0] {
                    for (r, n) in [x, y, z].enumerated() { let c = source[r]; old[c] = flipped[c] ? shape[c] - 1 - n : n }
                    out[x + newShape[0] * (y + newShape[1] * z)] = data[index(old[0], old[1], old[2])]
                }
            }
        }
        return Volume(data: out, shape: newShape, affine: newAffine)
    }
}

// MARK: Resampling (MONAI `Spacing`, and back onto an input's grid)

enum Interpolation { case trilinear, nearest }

extension Volume {
    /// The grid MONAI's `Spacing(pixdim)` makes: same directions and first voxel, voxel size
    /// `spacing`, and round((n − 1)·old/new + 1) voxels per axis (halves to even, as numpy)
    /// so that it spans the same extent.
    func resampled(spacing newSpacing: [Double], _ mode: Interpolation) throws -> Volume {
        let old = spacing
        let newShape = (0..<3).map { Int((Double(shape[$0] - 1) * old[$0] / newSpacing[$0] + 1).rounded(.toNearestOrEven)) }
        var newAffine = affine
        for c in 0..<3 { for r in 0..<3 { newAffine[r][c] = affine[r][c] * newSpacing[c] / old[c] } }
        return try resampled(onto: newShape, affine: newAffine, mode)
    }

    /// The values at the centres of another grid's voxels (`shape`, `affine`): each target
    /// voxel goes to the world, then into this volume's voxel coordinates, where it is
    /// interpolated (trilinear, P05-E02) or takes the nearest voxel (labels must stay labels).
    func resampled(onto newShape: [Int], affine newAffine: [[Double]], _ mode: Interpolation) throws -> Volume {
        let toSource = try matrixProduct(inverseAffine(affine), newAffine)
        var out = [Float](repeating: 0, count: newShape.reduce(1, *))
        var i = 0
        for z in 0..<newShape[2] {
            for y in 0..<newShape[1] {
                for x in 0..<newShape[0] {
                    let p = applyAffine(toSource, x, y, z)
                    switch mode {
                    case .trilinear: out[i] = try trilinearSample(data, shape: shape, at: p)
                    case .nearest:
                        let n = (0..<3).map { min(max(Int(p[$0].rounded(.toNearestOrEven)), 0), shape[$0] - 1) }
                        out[i] = data[index(n[0], n[1], n[2])]
                    }
                    i += 1
                }
            }
        }
        return Volume(data: out, shape: newShape, affine: newAffine)
    }
}

/// A · [x, y, z, 1]ᵀ (what P05-E01 asks for, kept separate so that grading one exercise
/// never depends on another).
func applyAffine(_ a: [[Double]], _ x: Int, _ y: Int, _ z: Int) -> [Double] {
    let (u, v, w) = (Double(x), Double(y), Double(z))
    return (0..<3).map { r in a[r][0] * u + a[r][1] * v + a[r][2] * w + a[r][3] }
}

/// The inverse of a 4×4 affine [[R, t], [0, 1]]: [[R⁻¹, −R⁻¹t], [0, 1]].
func inverseAffine(_ a: [[Double]]) throws -> [[Double]] {
    let m = a.prefix(3).map { Array($0.prefix(3)) }
    let det =
        m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
        + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
    guard abs(det) > 1e-12 else { throw P05Error.badInput("the affine \(a) is singular") }
    var inv = [[Double]](repeating: [0, 0, 0], count: 3)
    for r in 0..<3 {
        for c in 0..<3 {
            let (r1, r2, c1, c2) = ((c + 1) % 3, (c + 2) % 3, (r + 1) % 3, (r + 2) % 3)
            inv[r][c] = (m[r1][c1] * m[r2][c2] - m[r1][c2] * m[r2][c1]) / det
        }
    }
    var out: [[Double]] = [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 1]]
    for r in 0..<3 {
        var shift = 0.0
        for c in 0..<3 {
            out[r][c] = inv[r][c]
            shift -= inv[r][c] * a[c][3]
        }
        out[r][3] = shift
    }
    return out
}

func matrixProduct(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] {
    var out = [[Double]](repeating: [0, 0, 0, 0], count: 4)
    for r in 0..<4 { for c in 0..<4 { for k in 0..<4 { out[r][c] += a[r][k] * b[k][c] } } }
    return out
}
