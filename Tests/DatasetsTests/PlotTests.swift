import Foundation
import Testing
import Tensors
@testable import Datasets
@testable import Plots

/// Where the tests save their charts: `PLOT_TEST_OUTPUT` if set (to look at them), else a temporary folder.
private func chartPath(_ name: String) throws -> String {
    if let dir = ProcessInfo.processInfo.environment["PLOT_TEST_OUTPUT"] { return dir + "/" + name }
    return try temporaryDirectory() + "/" + name
}

/// How many pixels of `image` are within `tolerance` of `color` in every channel
/// (anti-aliased lines blend their colour with what lies below).
private func pixelCount(_ image: PNGImage, near color: Color, tolerance: Int = 40) -> Int {
    var count = 0
    image.pixels.withUnsafeBufferPointer { p in
        for i in stride(from: 0, to: p.count, by: 3)
        where abs(Int(p[i]) - Int(color.r)) <= tolerance && abs(Int(p[i + 1]) - Int(color.g)) <= tolerance
            && abs(Int(p[i + 2]) - Int(color.b)) <= tolerance
        {
            count += 1
        }
    }
    return count
}

/// How many pixels of `image` have exactly `color`.
private func pixelCount(_ image: PNGImage, _ color: Color) -> Int { pixelCount(image, near: color, tolerance: 0) }

@Suite struct PlotTests {
    @Test func canvasDrawsShapesAndText() throws {
        var canvas = Canvas(width: 60, height: 40)
        canvas.fillRect(Rect(x: 5, y: 5, width: 10, height: 10), color: .series(3))
        canvas.strokeRect(Rect(x: 0, y: 0, width: 60, height: 40), color: .black)
        canvas.drawLine(from: Point(20, 30), to: Point(55, 30), color: .series(0), antialiased: false)
        canvas.drawText("Hi", x: 20, y: 5)
        #expect(canvas[10, 10] == .series(3))
        #expect(canvas[0, 20] == .black && canvas[59, 39] == .black)
        #expect((20...55).allSatisfy { canvas[$0, 30] == .series(0) })
        #expect(canvas[40, 20] == .white)
        // "H" in the 6x10 font: its left stem is the glyph's first column, rows 1-7.
        #expect((6...12).allSatisfy { canvas[20, $0] == .black })
        #expect(Canvas.textWidth("Hi") == 12)
        let path = try chartPath("canvas.png")
        try canvas.write(to: URL(fileURLWithPath: path))
        #expect(try PNGImage.read(URL(fileURLWithPath: path)).pixels == canvas.pixels)
    }

    @Test func antialiasedLinesBlendTheirEdges() {
        var canvas = Canvas(width: 20, height: 20)
        canvas.drawLine(from: Point(0, 0), to: Point(19, 7), color: .black)
        let greys = Set(canvas.pixels).filter { $0 != 0 && $0 != 255 }
        #expect(!greys.isEmpty)
    }

    @Test func niceTicks() {
        #expect(Ticks.linear(0, 1, target: 6).map(\.label) == ["0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        #expect(Ticks.linear(1, 20, target: 5).map(\.value) == [5, 10, 15, 20])
        #expect(Ticks.logarithmic(0.01, 10).map(\.label) == ["0.01", "0.1", "1", "10"])
        #expect(Ticks.niceRange(0.13, 2.27) == (0, 2.5))
    }

    @Test func trainingCurvesShowBothPanelsAndLegend() throws {
        let loss = (1...20).map { 2.3 * exp(-Double($0) / 6) + 0.05 }
        let validation = loss.map { $0 * 1.15 + 0.04 }
        let accuracy = loss.map { 1 - $0 / 2.5 }
        let path = try chartPath("training-curves.png")
        let canvas = try plotTrainingCurves(
            [("loss", loss), ("val_loss", validation), ("accuracy", accuracy)],
            title: "MLP on MNIST", to: URL(fileURLWithPath: path))
        let image = try PNGImage.read(URL(fileURLWithPath: path))
        #expect(image.width == 1040 && image.height == canvas.height)
        // Both series colours are drawn: lines (two of colour 0, one of colour 1, each
        // some 450 pixels long) and legend swatches (18x4 pixels, exact colour).
        #expect(pixelCount(image, near: .series(0)) > 800)
        #expect(pixelCount(image, near: .series(1)) > 400)
        #expect(pixelCount(image, .series(0)) >= 2 * 72 && pixelCount(image, .series(1)) >= 72)
        let left = PNGImage(
            width: 520, height: image.height, channels: 3,
            pixels: (0..<image.height).flatMap { image.pixels[($0 * 1040) * 3..<($0 * 1040 + 520) * 3] })
        #expect(pixelCount(left, near: .series(1)) > 400)
        #expect(pixelCount(image, near: .series(0)) - pixelCount(left, near: .series(0)) > 400)
    }

    @Test func logScaleLineChart() throws {
        var chart = LineChart(title: "Loss (log scale)", xLabel: "step", yLabel: "loss", logY: true, width: 400, height: 300)
        chart.add("train", y: (1...50).map { 5 * pow(0.9, Double($0)) })
        chart.add("zero is skipped", y: [0] + (2...50).map { 3 * pow(0.92, Double($0)) })
        let canvas = chart.render()
        #expect(canvas.width == 400 && canvas.height == 300)
        #expect(pixelCount(canvas.image, .series(1)) > 50)
        try canvas.write(to: URL(fileURLWithPath: chartPath("log-chart.png")))
    }

    @Test func imageGridTilesMNIST() throws {
        let (_, test) = try MNIST.subset5k()
        let images = test.inputs.slice(axis: 0, start: 0, end: 20)
        let grid = ImageGrid(images, columns: 10, labels: test.targets.ints.prefix(20).map(String.init), scale: 2, title: "MNIST test")
        let canvas = grid.render()
        #expect(canvas.width == grid.width && canvas.height == grid.height)
        #expect(canvas.width >= 10 * 56)
        // Ink is white on black tiles: both extremes present in quantity.
        #expect(pixelCount(canvas.image, .black) > 20 * 300)
        #expect(pixelCount(canvas.image, .white) > 20 * 50)
        try canvas.write(to: URL(fileURLWithPath: chartPath("image-grid.png")))

        // Weights-like tiles of any range are normalised per tile.
        let weights = Tensor.randn([6, 5, 5]) * 0.01
        let tiles = ImageGrid(weights, scale: 4).render().image
        #expect(pixelCount(tiles, .white) >= 6 * 16 && pixelCount(tiles, .black) >= 6 * 16)
    }

    @Test func heatmapOfAConfusionMatrix() throws {
        let names = ["cat", "dog", "bird"]
        let confusion: [[Double]] = [[50, 3, 2], [4, 40, 6], [1, 9, 45]]
        let heatmap = Heatmap(
            confusion, rowLabels: names, columnLabels: names, title: "Confusion",
            xLabel: "predicted", yLabel: "true", colorMap: .blues, showValues: true)
        let canvas = heatmap.render()
        #expect(canvas.width == heatmap.width && canvas.height == heatmap.height)
        // The largest count gets the map's darkest colour, the smallest its lightest.
        #expect(pixelCount(canvas.image, ColorMap.blues.color(at: 1)) > 200)
        #expect(pixelCount(canvas.image, ColorMap.blues.color(at: 0)) > 200)
        try canvas.write(to: URL(fileURLWithPath: chartPath("heatmap.png")))
        let attention = Heatmap(Tensor.uniform([4, 6]), title: "Attention")
        #expect(attention.render().width == attention.width)
        try attention.write(to: URL(fileURLWithPath: chartPath("attention.png")))
    }

    @Test func scatterWithDecisionBoundary() throws {
        let xs = (0..<40).map { Double($0 % 8) - 3.5 }, ys = (0..<40).map { Double($0 / 8) - 2 }
        let classes = zip(xs, ys).map { $0 + $1 > 0 ? 1 : 0 }
        let plot = ScatterPlot(
            x: xs, y: ys, classes: classes, classNames: ["below", "above"], title: "x + y > 0",
            xLabel: "x", yLabel: "y", background: .classes { x, y in x + y > 0 ? 1 : 0 })
        let canvas = plot.render()
        try canvas.write(to: URL(fileURLWithPath: chartPath("scatter.png")))
        // Light regions of both classes, and points of both colours.
        let light0 = Color.series(0).mixed(with: .white, 0.7), light1 = Color.series(1).mixed(with: .white, 0.7)
        #expect(pixelCount(canvas.image, light0) > 10_000 && pixelCount(canvas.image, light1) > 10_000)
        #expect(pixelCount(canvas.image, .series(0)) > 100 && pixelCount(canvas.image, .series(1)) > 100)
        // The region to the upper right belongs to class 1.
        #expect(canvas[canvas.width - 40, 80] == light1)

        var soft = plot
        soft.background = .probability { x, y in 1 / (1 + exp(-(x + y))) }
        try soft.write(to: URL(fileURLWithPath: chartPath("scatter-probability.png")))
    }
}
