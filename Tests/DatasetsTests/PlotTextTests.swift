import Foundation
import Testing
@testable import Plots

/// The first CJK font of the standard places that FreeType opens, if any.
private let installedCJKFont = OutlineFont.standardPaths.lazy.compactMap { OutlineFont(path: $0, pixelSize: 12) }.first

/// Pixels of `canvas` that are not white.
private func inked(_ canvas: Canvas) -> Int {
    var count = 0
    for y in 0..<canvas.height {
        for x in 0..<canvas.width where canvas[x, y] != .white { count += 1 }
    }
    return count
}

private func drawn(_ text: String, rotated: Bool = false) -> Canvas {
    var canvas = Canvas(width: 120, height: 40)
    canvas.drawText(text, x: rotated ? 60 : 4, y: rotated ? 36 : 10, rotated: rotated)
    return canvas
}

@Suite struct PlotTextTests {
    @Test func asciiTextKeepsTheBitmapFont() {
        // The 6x10 glyph of "L" has 11 pixels, all black; an outline font would anti-alias it.
        #expect(inked(drawn("L")) == 11)
        #expect(Canvas.textWidth("loss", scale: 2) == 48)
    }

    @Test func withoutAFontChineseFallsBackToQuestionMarks() {
        OutlineFont.$searchPaths.withValue(["/nonexistent/font.ttc"]) {
            #expect(OutlineFont.forText("损失", scale: 1) == nil)
            #expect(drawn("损失").pixels == drawn("??").pixels)
            #expect(Canvas.textWidth("损失") == 12)
        }
    }

    @Test func aFileThatIsNotAFontIsRefused() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("not-a-font-\(UUID().uuidString).ttf").path
        try Data("not a font".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(OutlineFont(path: path, pixelSize: 12) == nil)
        #expect(OutlineFont(path: "/nonexistent/font.ttc", pixelSize: 12) == nil)
    }

    @Test(.enabled(if: installedCJKFont != nil, "needs a CJK font (fonts-wqy-microhei or fonts-noto-cjk) and libfreetype6"))
    func chineseIsDrawnFromTheInstalledFont() throws {
        let font = try #require(installedCJKFont)
        try OutlineFont.$searchPaths.withValue([font.path]) {
            let glyph = try #require(font.glyph("损"))
            // A CJK glyph at 12 pixels is about 12 pixels wide and high, with grey edges.
            #expect((9...13).contains(glyph.advance) && (8...13).contains(glyph.rows) && (8...13).contains(glyph.width))
            #expect(glyph.coverage.max()! > 160 && glyph.coverage.contains { $0 > 0 && $0 < 128 })
            #expect(font.glyph(Unicode.Scalar(0xE000)!) == nil)  // private use: no glyph
            #expect(Canvas.textWidth("损失") == font.width("损失") && font.width("损失") >= 18)

            let chinese = drawn("损失")
            let ink = inked(chinese)
            #expect(ink > inked(drawn("??")) && ink < 2 * 12 * 14)
            #expect(chinese.pixels != drawn("??").pixels)
            #expect(drawn("损失曲线").pixels != chinese.pixels)
            // Rotated text (a y-axis label) runs upwards: taller than wide.
            let rotated = drawn("损失", rotated: true)
            var (minX, maxX, minY, maxY) = (Int.max, Int.min, Int.max, Int.min)
            for y in 0..<rotated.height {
                for x in 0..<rotated.width where rotated[x, y] != .white {
                    (minX, maxX, minY, maxY) = (min(minX, x), max(maxX, x), min(minY, y), max(maxY, y))
                }
            }
            #expect(maxY - minY > maxX - minX)
            if let folder = ProcessInfo.processInfo.environment["PLOT_TEST_OUTPUT"] {
                var sample = Canvas(width: 160, height: 60)
                sample.drawText("训练损失 loss", x: 80, y: 6, scale: 1, anchor: .center)
                sample.drawText("轮次", x: 80, y: 24, scale: 2, anchor: .center)
                sample.drawText("交叉熵", x: 8, y: 30, rotated: true)
                try sample.write(to: URL(fileURLWithPath: folder + "/chinese_text.png"))
            }
        }
    }
}
