import FileIO
import Foundation
import Tensors

/// The UCI optical-recognition digits as shipped by scikit-learn: 1,797 grey
/// 8x8 images with 17 levels (0...16), labels 0-9. See Docs/Data.md.
///
/// ```swift
/// let digits = try Digits.load()                    // inputs [1797, 1, 8, 8] in [0, 1]
/// let parts = randomSplit(digits, [1500, 297], seed: 0)
/// ```
public enum Digits {
    /// Images as float32 in [0, 1] (grey level / 16), [N, 1, 8, 8] or [N, 64] with `flatten`.
    public static func load(flatten: Bool = false) throws -> TensorDataset {
        let path = try ShippedData.path("digits.csv.gz")
        let table = try CSVTable.read(URL(fileURLWithPath: path))
        guard table.columns == 65 else {
            throw DatasetError.shapeMismatch(path: path, detail: "expected 64 pixels and a label per row, found \(table.columns) columns")
        }
        let raw = table.dataset(targetColumn: -1)
        let n = table.rows
        return TensorDataset(inputs: (raw.inputs / 16).reshape(flatten ? [n, 64] : [n, 1, 8, 8]), targets: raw.targets)
    }
}
