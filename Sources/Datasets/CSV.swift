import FileIO
import Foundation
import Tensors

/// A table of numbers read from a CSV file (one row per line, numeric fields).
///
/// ```swift
/// let table = try CSVTable.read("iris.csv", hasHeader: true)
/// let data = table.dataset(targetColumn: -1)     // inputs [N, 4] float32, targets [N] int64
/// ```
public struct CSVTable {
    /// Column names, when the file has a header line.
    public let header: [String]?
    public let rows: Int
    public let columns: Int
    /// All values, row by row.
    public let values: [Double]

    /// Reads a CSV file (gzipped or not). Empty lines are skipped; every other
    /// line must have the same number of numeric fields.
    public static func read(_ url: URL, hasHeader: Bool = false, delimiter: Character = ",") throws -> CSVTable {
        try CSVTable(text: String(decoding: Gzip.readFile(url.path), as: UTF8.self), hasHeader: hasHeader, delimiter: delimiter, path: url.path)
    }

    /// Parses CSV text (RFC 4180: quoted fields may hold the delimiter); `path` only
    /// names the source in errors.
    public init(text: String, hasHeader: Bool = false, delimiter: Character = ",", path: String = "<memory>") throws {
        var header: [String]?
        var values = [Double]()
        var columns: Int?
        var rows = 0
        for record in CSV.records(in: text, delimiter: delimiter) {
            let fields = record.fields.map { $0.trimmingCharacters(in: .whitespaces) }
            if fields.allSatisfy(\.isEmpty) { continue }
            if hasHeader && header == nil && rows == 0 {
                header = fields
                columns = fields.count
                continue
            }
            if let columns, fields.count != columns {
                throw DatasetError.badCSV(path: path, line: record.line, reason: "\(fields.count) fields, expected \(columns) like the lines before")
            }
            columns = fields.count
            for field in fields {
                guard let value = Double(field) else {
                    throw DatasetError.badCSV(path: path, line: record.line, reason: "\"\(field)\" is not a number")
                }
                values.append(value)
            }
            rows += 1
        }
        self.header = header
        self.rows = rows
        self.columns = columns ?? 0
        self.values = values
    }

    /// The whole table as a [rows, columns] tensor.
    public func tensor(_ dtype: DType = .float32) -> Tensor {
        Tensor(values, shape: [rows, columns], dtype: dtype)
    }

    /// A dataset whose target is one column (negative counts from the end) and
    /// whose input is all the other columns. Targets are int64 class indices when
    /// `classLabels`, float32 values otherwise.
    public func dataset(targetColumn: Int = -1, classLabels: Bool = true) -> TensorDataset {
        let target = targetColumn < 0 ? columns + targetColumn : targetColumn
        precondition(target >= 0 && target < columns, "CSVTable.dataset: target column \(targetColumn) is out of range for \(columns) columns")
        var inputs = [Double](), targets = [Double]()
        inputs.reserveCapacity(rows * (columns - 1))
        for r in 0..<rows {
            for c in 0..<columns {
                let value = values[r * columns + c]
                if c == target { targets.append(value) } else { inputs.append(value) }
            }
        }
        return TensorDataset(
            inputs: Tensor(inputs, shape: [rows, columns - 1], dtype: .float32),
            targets: Tensor(targets, shape: [rows], dtype: classLabels ? .int64 : .float32))
    }
}
