import Foundation

/// A plotting area with x and y ranges: maps data to pixels and draws the frame,
/// ticks, tick labels, axis labels and title around it. LineChart and
/// ScatterPlot share it.
struct Axes {
    let plot: Rect
    let x: ClosedRange<Double>
    let y: ClosedRange<Double>
    let logY: Bool

    /// Lays out a plotting area inside `frame`, leaving room for the labels.
    init(
        frame: Rect, x: ClosedRange<Double>, y: ClosedRange<Double>, logY: Bool = false,
        hasTitle: Bool, hasXLabel: Bool, hasYLabel: Bool
    ) {
        let line = Canvas.textHeight()
        let left = 8 * Canvas.textWidth("0") + (hasYLabel ? line + 8 : 0)
        let top = hasTitle ? 2 * line + 12 : 12
        let bottom = line + 12 + (hasXLabel ? line + 6 : 0)
        plot = Rect(x: frame.x + left, y: frame.y + top, width: max(10, frame.width - left - 16), height: max(10, frame.height - top - bottom))
        (self.x, self.y, self.logY) = (x, y, logY)
    }

    /// Pixels kept free between the data range and the frame, so lines do not hide under it.
    static let inset = 4

    func px(_ value: Double) -> Double {
        Double(plot.x + Axes.inset) + (value - x.lowerBound) / (x.upperBound - x.lowerBound) * Double(plot.width - 1 - 2 * Axes.inset)
    }

    func py(_ value: Double) -> Double {
        let (v, low, high) = logY ? (log10(value), log10(y.lowerBound), log10(y.upperBound)) : (value, y.lowerBound, y.upperBound)
        return Double(plot.maxY - 1 - Axes.inset) - (v - low) / (high - low) * Double(plot.height - 1 - 2 * Axes.inset)
    }

    /// The pixel for a data point, or nil where it cannot be shown (not finite, or <= 0 on a log axis).
    func point(_ vx: Double, _ vy: Double) -> Point? {
        guard vx.isFinite, vy.isFinite, !logY || vy > 0 else { return nil }
        return Point(px(vx), py(vy))
    }

    /// The data coordinates at the centre of a pixel.
    func value(atPixel column: Int, _ row: Int) -> (Double, Double) {
        let fx = Double(column - plot.x - Axes.inset) / Double(plot.width - 1 - 2 * Axes.inset)
        let fy = Double(plot.maxY - 1 - Axes.inset - row) / Double(plot.height - 1 - 2 * Axes.inset)
        return (x.lowerBound + fx * (x.upperBound - x.lowerBound), y.lowerBound + fy * (y.upperBound - y.lowerBound))
    }

    /// Grid lines behind the data.
    func drawGrid(on canvas: inout Canvas) {
        for tick in xTicks() { canvas.fillRect(Rect(x: Int(px(tick.value).rounded()), y: plot.y, width: 1, height: plot.height), color: .lightGrey) }
        for tick in yTicks() { canvas.fillRect(Rect(x: plot.x, y: Int(py(tick.value).rounded()), width: plot.width, height: 1), color: .lightGrey) }
    }

    /// Frame, ticks and labels, drawn over the data.
    func drawFrame(on canvas: inout Canvas, frame: Rect, title: String, xLabel: String, yLabel: String) {
        let line = Canvas.textHeight()
        canvas.strokeRect(plot, color: .black)
        for tick in xTicks() {
            let x = Int(px(tick.value).rounded())
            canvas.fillRect(Rect(x: x, y: plot.maxY, width: 1, height: 4), color: .black)
            canvas.drawText(tick.label, x: x, y: plot.maxY + 6, anchor: .center)
        }
        for tick in yTicks() {
            let y = Int(py(tick.value).rounded())
            canvas.fillRect(Rect(x: plot.x - 4, y: y, width: 4, height: 1), color: .black)
            canvas.drawText(tick.label, x: plot.x - 6, y: y - line / 2 + 1, anchor: .right)
        }
        if !title.isEmpty { canvas.drawText(title, x: plot.x + plot.width / 2, y: frame.y + 6, scale: 2, anchor: .center) }
        if !xLabel.isEmpty { canvas.drawText(xLabel, x: plot.x + plot.width / 2, y: plot.maxY + line + 12, anchor: .center) }
        if !yLabel.isEmpty { canvas.drawText(yLabel, x: frame.x + 4 + line / 2, y: plot.y + plot.height / 2, rotated: true) }
    }

    /// A legend box, a colour swatch and a name per entry, in the corner of the plot
    /// that covers the fewest of `data` (pixel positions of the data drawn).
    func drawLegend(on canvas: inout Canvas, _ entries: [(name: String, color: Color)], avoiding data: [Point]) {
        guard !entries.isEmpty else { return }
        let line = Canvas.textHeight() + 4
        let width = 34 + entries.map { Canvas.textWidth($0.name) }.max()!, height = entries.count * line + 8
        let corners = [
            (plot.maxX - width - 8, plot.y + 8), (plot.maxX - width - 8, plot.maxY - height - 8),
            (plot.x + 8, plot.y + 8), (plot.x + 8, plot.maxY - height - 8),
        ]
        let boxes = corners.map { Rect(x: $0.0, y: $0.1, width: width, height: height) }
        func covered(_ box: Rect) -> Int {
            data.filter { Int($0.x) >= box.x - 4 && Int($0.x) <= box.maxX + 4 && Int($0.y) >= box.y - 4 && Int($0.y) <= box.maxY + 4 }.count
        }
        let box = boxes.min { covered($0) < covered($1) }!
        canvas.fillRect(box, color: .white)
        canvas.strokeRect(box, color: .grey)
        for (i, entry) in entries.enumerated() {
            let y = box.y + 5 + i * line
            canvas.fillRect(Rect(x: box.x + 6, y: y + 3, width: 18, height: 4), color: entry.color)
            canvas.drawText(entry.name, x: box.x + 28, y: y)
        }
    }

    func xTicks() -> [(value: Double, label: String)] {
        Ticks.linear(x.lowerBound, x.upperBound, target: max(4, plot.width / 80)).filter { x.contains($0.value) }
    }

    func yTicks() -> [(value: Double, label: String)] {
        let ticks = logY ? Ticks.logarithmic(y.lowerBound, y.upperBound) : Ticks.linear(y.lowerBound, y.upperBound, target: max(4, plot.height / 50))
        return ticks.filter { y.contains($0.value) }
    }
}
