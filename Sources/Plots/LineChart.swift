import Foundation

/// Lines through (x, y) points, one per series, with axes, ticks and a legend.
///
/// ```swift
/// var chart = LineChart(title: "Loss", xLabel: "epoch", yLabel: "loss", logY: true)
/// chart.add("train", y: [2.3, 1.1, 0.6, 0.4])
/// chart.add("validation", y: [2.2, 1.3, 0.9, 0.8])
/// try chart.write(to: "loss.png")
/// ```
public struct LineChart: Chart {
    public struct Series {
        public var name: String
        public var x: [Double]
        public var y: [Double]
        public var color: Color
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    /// A logarithmic y axis (values <= 0 are left out).
    public var logY: Bool
    public var width: Int
    public var height: Int
    public private(set) var series: [Series] = []

    public init(
        title: String = "", xLabel: String = "", yLabel: String = "", logY: Bool = false,
        width: Int = 640, height: Int = 420
    ) {
        (self.title, self.xLabel, self.yLabel, self.logY, self.width, self.height) = (title, xLabel, yLabel, logY, width, height)
    }

    /// Adds a series. `x` defaults to 1, 2, 3, ... (epochs); `color` to the next palette colour.
    public mutating func add(_ name: String, y: [Double], x: [Double]? = nil, color: Color? = nil) {
        let x = x ?? (1...max(1, y.count)).prefix(y.count).map(Double.init)
        precondition(x.count == y.count, "LineChart.add: \(x.count) x values for \(y.count) y values in series \"\(name)\"")
        series.append(Series(name: name, x: x, y: y, color: color ?? .series(series.count)))
    }

    public func draw(on canvas: inout Canvas, in frame: Rect) {
        let axes = Axes(
            frame: frame, x: xRange(), y: yRange(), logY: logY,
            hasTitle: !title.isEmpty, hasXLabel: !xLabel.isEmpty, hasYLabel: !yLabel.isEmpty)
        axes.drawGrid(on: &canvas)
        var drawn = [Point]()
        for s in series {
            let points = zip(s.x, s.y).map { axes.point($0, $1) }
            canvas.drawPolyline(points, color: s.color, thickness: 2)
            // A lone point (or a one-epoch series) would not show as a line.
            if s.x.count == 1, let p = points[0] { canvas.fillCircle(center: p, radius: 3, color: s.color) }
            drawn += interpolated(points)
        }
        axes.drawFrame(on: &canvas, frame: frame, title: title, xLabel: xLabel, yLabel: yLabel)
        axes.drawLegend(on: &canvas, series.map { ($0.name, $0.color) }, avoiding: drawn)
    }

    /// Points every few pixels along a polyline, for placing the legend off the lines.
    private func interpolated(_ points: [Point?]) -> [Point] {
        var out = points.compactMap { $0 }
        for case let (p?, q?) in zip(points, points.dropFirst()) {
            let steps = Int(max(abs(q.x - p.x), abs(q.y - p.y)) / 4)
            for k in stride(from: 1, to: steps, by: 1) {
                let t = Double(k) / Double(steps)
                out.append(Point(p.x + (q.x - p.x) * t, p.y + (q.y - p.y) * t))
            }
        }
        return out
    }

    private func xRange() -> ClosedRange<Double> {
        let xs = series.flatMap(\.x).filter(\.isFinite)
        guard let low = xs.min(), let high = xs.max() else { return 0...1 }
        return high > low ? low...high : (low - 1)...(high + 1)
    }

    private func yRange() -> ClosedRange<Double> {
        let ys = series.flatMap(\.y).filter { $0.isFinite && (!logY || $0 > 0) }
        guard let low = ys.min(), let high = ys.max() else { return logY ? 0.1...10 : 0...1 }
        if logY {
            // Whole decades when the data spans several, a little padding otherwise.
            let (a, b) = (log10(low), log10(high))
            return b - a >= 1 ? pow(10, a.rounded(.down))...pow(10, b.rounded(.up)) : (low / 1.25)...(high * 1.25)
        }
        let (a, b) = Ticks.niceRange(low, high, target: max(2, height / 60))
        return a...b
    }
}

/// Training curves at a glance: series whose name contains "loss" share a left
/// panel, all others (accuracy, ...) a right panel; x is the epoch, 1, 2, ...
/// Give the series in the order the legend should list them; each panel uses
/// the palette from its start, so "loss" and "accuracy" share a colour, as do
/// "val_loss" and "val_accuracy".
///
/// ```swift
/// let canvas = try plotTrainingCurves([("loss", trainLoss), ("val_loss", valLoss),
///                                      ("accuracy", trainAcc), ("val_accuracy", valAcc)],
///                                     to: "curves.png")
/// ```
@discardableResult
public func plotTrainingCurves(
    _ series: [(name: String, values: [Double])], title: String = "",
    logLoss: Bool = false, to url: URL? = nil
) throws -> Canvas {
    let losses = series.filter { $0.name.lowercased().contains("loss") }
    let others = series.filter { !$0.name.lowercased().contains("loss") }
    let panels = [(losses, "loss", logLoss), (others, "value", false)].filter { !$0.0.isEmpty }
    let (panelWidth, panelHeight, top) = (520, 380, title.isEmpty ? 0 : 2 * Canvas.textHeight() + 12)
    var canvas = Canvas(width: panelWidth * max(1, panels.count), height: panelHeight + top)
    if !title.isEmpty { canvas.drawText(title, x: canvas.width / 2, y: 6, scale: 2, anchor: .center) }
    for (i, (group, yLabel, logY)) in panels.enumerated() {
        var chart = LineChart(
            title: group.count == 1 ? group[0].name : yLabel == "loss" ? "loss" : "metrics",
            xLabel: "epoch", yLabel: yLabel, logY: logY, width: panelWidth, height: panelHeight)
        for s in group { chart.add(s.name, y: s.values) }
        chart.draw(on: &canvas, in: Rect(x: i * panelWidth, y: top, width: panelWidth, height: panelHeight))
    }
    if let url { try canvas.write(to: url) }
    return canvas
}

/// `plotTrainingCurves` for a dictionary of series (drawn in name order).
@discardableResult
public func plotTrainingCurves(
    _ history: [String: [Double]], title: String = "", logLoss: Bool = false,
    to url: URL? = nil
) throws -> Canvas {
    try plotTrainingCurves(history.keys.sorted().map { ($0, history[$0]!) }, title: title, logLoss: logLoss, to: url)
}
