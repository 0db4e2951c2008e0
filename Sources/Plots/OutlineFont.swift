import CFreeType
import Foundation

/// A TrueType/OpenType font drawn through FreeType: what the plots use for text
/// the built-in 6x10 font cannot show, such as Chinese titles and axis labels.
///
/// FreeType is loaded at run time, so nothing is needed to build. Text falls
/// back to the bitmap font when libfreetype (Debian `libfreetype6`) or a CJK
/// font (`fonts-wqy-microhei`, `fonts-noto-cjk`) is missing.
final class OutlineFont: @unchecked Sendable {
    /// One glyph's 8-bit coverage (row-major, `width` × `rows`) and its placement
    /// against the pen on the baseline, in pixels.
    struct Glyph {
        let width: Int, rows: Int, left: Int, top: Int, advance: Int
        let coverage: [UInt8]
    }

    /// Where CJK fonts live on Debian/Ubuntu and macOS; `PLOTS_FONT` names another file.
    static let standardPaths = [
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
        "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
        "/System/Library/Fonts/PingFang.ttc",
        "/System/Library/Fonts/STHeiti Medium.ttc",
    ]

    /// The font files to try, in order; tests replace them.
    @TaskLocal static var searchPaths: [String] = {
        let chosen = ProcessInfo.processInfo.environment["PLOTS_FONT"].map { [$0] } ?? []
        return chosen + standardPaths
    }()

    let path: String
    let pixelSize: Int
    /// Pixels from the top of a line of text to the baseline.
    let ascender: Int
    private let handle: UnsafeMutableRawPointer
    private let lock = NSLock()
    private var glyphs: [UInt32: Glyph?] = [:]

    /// Opens the font at `path`, `pixelSize` pixels high; nil when FreeType or the font cannot be loaded.
    init?(path: String, pixelSize: Int) {
        guard pixelSize > 0, FileManager.default.isReadableFile(atPath: path),
            let handle = cft_open(path, Int32(pixelSize))
        else { return nil }
        (self.path, self.pixelSize, self.handle) = (path, pixelSize, handle)
        ascender = Int(cft_ascender(handle))
    }

    deinit { cft_close(handle) }

    /// The glyph of `scalar`, or nil when the font has none.
    func glyph(_ scalar: Unicode.Scalar) -> Glyph? {
        lock.lock()
        defer { lock.unlock() }
        if let cached = glyphs[scalar.value] { return cached }
        var raw = cft_glyph()
        var glyph: Glyph?
        if cft_render(handle, scalar.value, &raw) == 0 {
            var coverage = [UInt8](repeating: 0, count: Int(raw.width) * Int(raw.rows))
            for row in 0..<Int(raw.rows) {
                for column in 0..<Int(raw.width) {
                    coverage[row * Int(raw.width) + column] = raw.buffer[row * Int(raw.pitch) + column]
                }
            }
            glyph = Glyph(
                width: Int(raw.width), rows: Int(raw.rows), left: Int(raw.left), top: Int(raw.top),
                advance: Int(raw.advance), coverage: coverage)
        }
        glyphs[scalar.value] = glyph
        return glyph
    }

    /// Whether the font can draw every character of `text`.
    func covers(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0 == " " || glyph($0) != nil }
    }

    /// Width of `text` in pixels: the sum of the advances.
    func width(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + (glyph($1)?.advance ?? 0) }
    }

    // MARK: Finding a font

    private static let cacheLock = NSLock()
    nonisolated(unsafe) private static var cache: [String: OutlineFont?] = [:]

    /// The first font of `searchPaths` that opens at `pixelSize`, shared; nil when none does.
    static func available(pixelSize: Int) -> OutlineFont? {
        for path in searchPaths {
            let key = "\(path)@\(pixelSize)"
            cacheLock.lock()
            let font: OutlineFont?
            if let cached = cache[key] {
                font = cached
            } else {
                font = OutlineFont(path: path, pixelSize: pixelSize)
                cache[key] = font
            }
            cacheLock.unlock()
            if let font { return font }
        }
        return nil
    }

    /// The font for `text` at the bitmap font's `scale`, when the text needs one
    /// (it has characters beyond printable ASCII) and a font covers all of it.
    static func forText(_ text: String, scale: Int) -> OutlineFont? {
        guard text.unicodeScalars.contains(where: { !(32...126).contains($0.value) }),
            let font = available(pixelSize: 12 * scale), font.covers(text)
        else { return nil }
        return font
    }
}
