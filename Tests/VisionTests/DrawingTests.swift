import Plots
import Tensors
import Testing
@testable import Vision

@Suite struct DrawingTests {
    /// A 40x30 image whose red channel grows with x, green with y, blue constant 0.2.
    func gradientImage() -> Tensor {
        var values: [Double] = []
        for channel in 0..<3 {
            for y in 0..<30 { for x in 0..<40 { values.append([Double(x) / 39, Double(y) / 29, 0.2][channel]) } }
        }
        return Tensor(values, shape: [3, 30, 40], dtype: .float32)
    }

    @Test func imageTensorBecomesCanvasPixels() {
        let canvas = Canvas(image: gradientImage())
        #expect(canvas.width == 40 && canvas.height == 30)
        #expect(canvas[0, 0] == Color(0, 0, 51))
        #expect(canvas[39, 29] == Color(255, 255, 51))
        let grey = Canvas(image: Tensor(ints: [0, 128, 255, 300], shape: [2, 2]))
        #expect(grey[1, 0] == Color(128, 128, 128) && grey[1, 1] == Color(255, 255, 255))
    }

    @Test func boxOutlineAndLabel() {
        let image = gradientImage()
        var canvas = Canvas(image: image)
        let red = Color(255, 0, 0)
        canvas.drawBox(Box(x1: 10, y1: 15, x2: 30, y2: 25), label: "cat", color: red, thickness: 1)
        let original = Canvas(image: image)
        // Edges are red, the interior and the outside are untouched.
        #expect([canvas[10, 20], canvas[29, 20], canvas[20, 15], canvas[20, 24]].allSatisfy { $0 == red })
        #expect(canvas[20, 20] == original[20, 20] && canvas[35, 20] == original[35, 20])
        // The label tab sits above the box: red background with white text pixels in it.
        let tab = (11..<15).flatMap { y in (10..<30).map { canvas[$0, y] } }
        #expect(tab.contains(red) && tab.contains(.white))
    }

    @Test func labelMovesInsideAtTheTopEdge() {
        var canvas = Canvas(width: 40, height: 30, background: .black)
        canvas.drawBoxes(Tensor([2, 0, 38, 28], shape: [1, 4]), labels: ["x"], classes: [3])
        // No room above: the tab and its white text are drawn inside the box.
        #expect(canvas[3, 5] == .series(3))
        #expect((1..<11).contains { y in (2..<12).contains { canvas[$0, y] == .white } })
    }

    @Test func maskOverlayBlendsClassColours() {
        let image = gradientImage()
        var canvas = Canvas(image: image)
        var labels = [Int](repeating: 0, count: 30 * 40)
        for y in 5..<10 { for x in 5..<20 { labels[y * 40 + x] = 2 } }
        canvas.overlayMask(Tensor(ints: labels, shape: [30, 40]), alpha: 0.25)
        let original = Canvas(image: image)
        #expect(canvas[7, 7] == original[7, 7].mixed(with: .series(2), 0.25))
        #expect(canvas[30, 20] == original[30, 20])
    }
}
