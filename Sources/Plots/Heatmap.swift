import Foundation
import Tensors

/// A matrix drawn as coloured cells, with row and column labels and a colour bar:
/// confusion matrices, attention weights.
///
/// ```swift
/// let confusion: [[Double]] = ...            // rows: true class, columns: predicted
/// let names = (0..<10).map(String.init)
/// try Heatmap(confusion, rowLabels: names, columnLabels: names, title: "Confusion",
///             xLabel: "predicted", yLabel: "true", colorMap: .blues, showValues: true)
///     .write(to: "confusion.png")
/// ```
public struct Heatmap: Chart {
    public let matrix: [[Double]]
    public var rowLabels: [String]
    public var columnLabels: [String]
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var colorMap: ColorMap
    /// Print each cell's value in it (integers as such, others with two decimals).
    public var showValues: Bool
    public var cellSize: Int

    public init(
        _ matrix: [[Double]], rowLabels: [String] = [], columnLabels: [String] = [], title: String = "",
        xLabel: String = "", yLabel: String = "", colorMap: ColorMap = .viridis, showValues: Bool = false,
        cellSize: Int = 32
    ) {
        precondition(!matrix.isEmpty && !matrix[0].isEmpty, "Heatmap: the matrix is empty")
        precondition(matrix.allSatisfy { $0.count == matrix[0].count }, "Heatmap: rows have different lengths")
        precondition(rowLabels.isEmpty || rowLabels.count == matrix.count, "Heatmap: \(rowLabels.count) row labels for \(matrix.count) rows")
        precondition(
            columnLabels.isEmpty || columnLabels.count == matrix[0].count,
            "Heatmap: \(columnLabels.count) column labels for \(matrix[0].count) columns")
        self.matrix = matrix
        (self.rowLabels, self.columnLabels, self.title, self.xLabel, self.yLabel) = (rowLabels, columnLabels, title, xLabel, yLabel)
        (self.colorMap, self.showValues, self.cellSize) = (colorMap, showValues, cellSize)
    }

    /// A heatmap of a [rows, columns] tensor.
    public init(
        _ matrix: Tensor, rowLabels: [String] = [], columnLabels: [String] = [], title: String = "",
        xLabel: String = "", yLabel: String = "", colorMap: ColorMap = .viridis, showValues: Bool = false,
        cellSize: Int = 32
    ) {
        precondition(matrix.rank == 2, "Heatmap: expected a [rows, columns] tensor, got \(matrix.shape)")
        let (rows, columns, values) = (matrix.shape[0], matrix.shape[1], matrix.doubles)
        self.init(
            (0..<rows).map { Array(values[$0 * columns..<($0 + 1) * columns]) }, rowLabels: rowLabels,
            columnLabels: columnLabels, title: title, xLabel: xLabel, yLabel: yLabel, colorMap: colorMap,
            showValues: showValues, cellSize: cellSize)
    }

    private var line: Int { Canvas.textHeight() }
    private var left: Int { (yLabel.isEmpty ? 0 : line + 8) + (rowLabels.map { Canvas.textWidth($0) }.max() ?? 0) + 10 }
    private var top: Int { (title.isEmpty ? 0 : 2 * line + 12) + 8 }
    private var bottom: Int { (columnLabels.isEmpty ? 0 : line + 6) + (xLabel.isEmpty ? 0 : line + 8) + 8 }
    private var legendWidth: Int { 24 + 14 + 8 * Canvas.textWidth("0") }

    public var width: Int { left + matrix[0].count * cellSize + legendWidth }
    public var height: Int { top + max(matrix.count * cellSize, 120) + bottom }

    public func draw(on canvas: inout Canvas, in frame: Rect) {
        let values = matrix.flatMap { $0 }.filter(\.isFinite)
        let (low, high) = (values.min() ?? 0, values.max() ?? 1)
        let range = high > low ? high - low : 1
        let integers = values.allSatisfy { $0 == $0.rounded() }
        let grid = Rect(x: frame.x + left, y: frame.y + top, width: matrix[0].count * cellSize, height: matrix.count * cellSize)
        for (r, row) in matrix.enumerated() {
            for (c, value) in row.enumerated() {
                let cell = Rect(x: grid.x + c * cellSize, y: grid.y + r * cellSize, width: cellSize, height: cellSize)
                let color = colorMap.color(at: (value - low) / range)
                canvas.fillRect(cell, color: color)
                if showValues {
                    let text = integers ? String(Int(value)) : String(format: "%.2f", value)
                    canvas.drawText(
                        text, x: cell.x + cellSize / 2, y: cell.y + (cellSize - line) / 2,
                        color: color.luma > 0.5 ? .black : .white, anchor: .center)
                }
            }
        }
        canvas.strokeRect(Rect(x: grid.x - 1, y: grid.y - 1, width: grid.width + 2, height: grid.height + 2), color: .black)
        for (r, label) in rowLabels.enumerated() {
            canvas.drawText(label, x: grid.x - 5, y: grid.y + r * cellSize + (cellSize - line) / 2, anchor: .right)
        }
        for (c, label) in columnLabels.enumerated() {
            canvas.drawText(label, x: grid.x + c * cellSize + cellSize / 2, y: grid.maxY + 5, anchor: .center)
        }
        if !title.isEmpty { canvas.drawText(title, x: grid.x + grid.width / 2, y: frame.y + 6, scale: 2, anchor: .center) }
        if !xLabel.isEmpty {
            canvas.drawText(xLabel, x: grid.x + grid.width / 2, y: grid.maxY + 8 + (columnLabels.isEmpty ? 0 : line + 4), anchor: .center)
        }
        if !yLabel.isEmpty { canvas.drawText(yLabel, x: frame.x + 4 + line / 2, y: grid.y + grid.height / 2, rotated: true) }
        drawColorBar(on: &canvas, next: grid, low: low, high: high)
    }

    /// A vertical gradient from `low` (bottom) to `high` (top) with labelled ends and middle.
    private func drawColorBar(on canvas: inout Canvas, next grid: Rect, low: Double, high: Double) {
        let bar = Rect(x: grid.maxX + 14, y: grid.y, width: 14, height: max(grid.height, 120))
        for y in 0..<bar.height {
            let t = 1 - Double(y) / Double(max(1, bar.height - 1))
            canvas.fillRect(Rect(x: bar.x, y: bar.y + y, width: bar.width, height: 1), color: colorMap.color(at: t))
        }
        canvas.strokeRect(bar, color: .black)
        let step = Ticks.niceStep(max(abs(high - low), 1e-12) / 4)
        for (t, value) in [(0.0, low), (0.5, (low + high) / 2), (1.0, high)] {
            let y = bar.maxY - 1 - Int(t * Double(bar.height - 1))
            canvas.fillRect(Rect(x: bar.maxX, y: y, width: 3, height: 1), color: .black)
            canvas.drawText(Ticks.format(value, step: step / 10), x: bar.maxX + 5, y: y - line / 2 + 1)
        }
    }
}
