import Foundation

/// Something that draws itself into a rectangle of a canvas. `render()` gives a
/// canvas of the chart's own size; `draw(on:in:)` lets several charts share one.
public protocol Chart {
    var width: Int { get }
    var height: Int { get }
    func draw(on canvas: inout Canvas, in frame: Rect)
}

extension Chart {
    /// The chart on a white canvas of `width` x `height`.
    public func render() -> Canvas {
        var canvas = Canvas(width: width, height: height)
        draw(on: &canvas, in: Rect(x: 0, y: 0, width: width, height: height))
        return canvas
    }

    /// Renders the chart and saves it as a PNG file.
    public func write(to url: URL) throws { try render().write(to: url) }
}
