import Tensors

/// 2-D points coloured by class, optionally over a model's decision regions.
///
/// ```swift
/// var plot = ScatterPlot(x: xs, y: ys, classes: labels, title: "Two moons")
/// plot.background = .classes { x, y in model.predict(x, y) }       // hard regions
/// plot.background = .probability { x, y in model.probability(x, y) } // or p(class 1)
/// try plot.write(to: "moons.png")
/// ```
public struct ScatterPlot: Chart {
    /// What to paint behind the points, evaluated on a grid over the plotting area.
    public enum Background {
        case none
        /// The class a model predicts at (x, y): its colour, lightened.
        case classes((Double, Double) -> Int)
        /// The probability of class 1 at (x, y): from class 0's colour to class 1's, lightened.
        case probability((Double, Double) -> Double)
    }

    public let x: [Double]
    public let y: [Double]
    public let classes: [Int]
    public var classNames: [String]
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var background: Background
    /// Axis ranges; nil fits the points with a 5% margin.
    public var xRange: ClosedRange<Double>? = nil
    public var yRange: ClosedRange<Double>? = nil
    /// Side of the background grid's cells, in pixels (smaller is finer and slower).
    public var backgroundCell: Int
    public var width: Int
    public var height: Int

    public init(
        x: [Double], y: [Double], classes: [Int]? = nil, classNames: [String] = [], title: String = "",
        xLabel: String = "", yLabel: String = "", background: Background = .none, backgroundCell: Int = 4,
        width: Int = 520, height: Int = 440
    ) {
        precondition(x.count == y.count, "ScatterPlot: \(x.count) x values and \(y.count) y values")
        let classes = classes ?? Array(repeating: 0, count: x.count)
        precondition(classes.count == x.count, "ScatterPlot: \(classes.count) classes for \(x.count) points")
        precondition(classes.allSatisfy { $0 >= 0 }, "ScatterPlot: classes must be non-negative")
        (self.x, self.y, self.classes, self.classNames) = (x, y, classes, classNames)
        (self.title, self.xLabel, self.yLabel, self.background) = (title, xLabel, yLabel, background)
        (self.backgroundCell, self.width, self.height) = (max(1, backgroundCell), width, height)
    }

    /// Points from a [N, 2] tensor, classes from a [N] int64 tensor.
    public init(
        _ points: Tensor, classes: Tensor? = nil, classNames: [String] = [], title: String = "",
        xLabel: String = "", yLabel: String = "", background: Background = .none
    ) {
        precondition(points.rank == 2 && points.shape[1] == 2, "ScatterPlot: expected points [N, 2], got \(points.shape)")
        let values = points.doubles
        self.init(
            x: stride(from: 0, to: values.count, by: 2).map { values[$0] },
            y: stride(from: 1, to: values.count, by: 2).map { values[$0] },
            classes: classes?.ints, classNames: classNames, title: title, xLabel: xLabel, yLabel: yLabel,
            background: background)
    }

    public func draw(on canvas: inout Canvas, in frame: Rect) {
        let axes = Axes(
            frame: frame, x: xRange ?? paddedRange(x), y: yRange ?? paddedRange(y),
            hasTitle: !title.isEmpty, hasXLabel: !xLabel.isEmpty, hasYLabel: !yLabel.isEmpty)
        drawBackground(on: &canvas, axes)
        if case .none = background { axes.drawGrid(on: &canvas) }
        for i in x.indices {
            guard let p = axes.point(x[i], y[i]) else { continue }
            canvas.fillCircle(center: p, radius: 3.5, color: .black)
            canvas.fillCircle(center: p, radius: 2.5, color: .series(classes[i]))
        }
        axes.drawFrame(on: &canvas, frame: frame, title: title, xLabel: xLabel, yLabel: yLabel)
        let shown = Array(Set(classes)).sorted()
        if shown.count > 1 || !classNames.isEmpty {
            let entries = shown.map { ($0 < classNames.count ? classNames[$0] : "class \($0)", Color.series($0)) }
            axes.drawLegend(on: &canvas, entries, avoiding: zip(x, y).compactMap { axes.point($0, $1) })
        }
    }

    private func drawBackground(on canvas: inout Canvas, _ axes: Axes) {
        let plot = axes.plot, lighten = 0.7
        for row in stride(from: plot.y, to: plot.maxY, by: backgroundCell) {
            for column in stride(from: plot.x, to: plot.maxX, by: backgroundCell) {
                let (vx, vy) = axes.value(atPixel: column + backgroundCell / 2, row + backgroundCell / 2)
                let color: Color
                switch background {
                case .none: return
                case .classes(let classify): color = Color.series(classify(vx, vy)).mixed(with: .white, lighten)
                case .probability(let probability):
                    let p = probability(vx, vy)
                    color = Color.series(0).mixed(with: .series(1), p.isFinite ? min(max(p, 0), 1) : 0.5).mixed(with: .white, lighten)
                }
                canvas.fillRect(
                    Rect(
                        x: column, y: row, width: min(backgroundCell, plot.maxX - column),
                        height: min(backgroundCell, plot.maxY - row)), color: color)
            }
        }
    }

    private func paddedRange(_ values: [Double]) -> ClosedRange<Double> {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return 0...1 }
        let pad = high > low ? (high - low) * 0.05 : 1
        return (low - pad)...(high + pad)
    }
}
