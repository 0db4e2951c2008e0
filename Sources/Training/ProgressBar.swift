import Foundation

/// A progress display for long loops: on a terminal, one line redrawn in place
///
///     Epoch 1/5 [=========>....................] 150/469  41.3 it/s  ETA 0:07  loss 0.4213
///
/// and when output goes to a file or CI log (not a TTY), a plain line every `interval` seconds
/// and one at the end (so a short epoch prints a single line).
///
/// ```swift
/// let bar = ProgressBar(total: batches, label: "Epoch 1/5")
/// for i in 0..<batches { ...; bar.update(i + 1, values: [("loss", loss)]) }
/// bar.finish(values: [("loss", loss), ("val_loss", valLoss)])
/// ```
public final class ProgressBar {
    public let total: Int
    public let label: String
    public let width: Int
    /// Redraw in place (terminal) or print periodic lines.
    public let interactive: Bool
    /// Seconds between plain lines when not interactive.
    public let interval: Double
    private let write: (String) -> Void
    private let clock: () -> Double
    private let start: Double
    private var lastDraw: Double
    private var completed = 0

    /// Whether standard output is a terminal.
    public static var standardOutputIsTerminal: Bool { isatty(STDOUT_FILENO) != 0 }

    /// The default writer: `text` to standard output, flushed at once (`fflush(nil)` flushes
    /// every output stream, standard output included).
    public static func standardOutput(_ text: String) {
        print(text, terminator: "")
        fflush(nil)
    }

    /// - Parameters:
    ///   - write: where text goes (default: standard output, flushed).
    ///   - clock: seconds from any origin (default: a monotonic clock); tests pass their own.
    public init(
        total: Int, label: String = "", width: Int = 30, interactive: Bool = ProgressBar.standardOutputIsTerminal,
        interval: Double = 10,
        write: @escaping (String) -> Void = ProgressBar.standardOutput,
        clock: @escaping () -> Double = { ProcessInfo.processInfo.systemUptime }
    ) {
        (self.total, self.label, self.width, self.interactive, self.interval) = (max(total, 0), label, width, interactive, interval)
        (self.write, self.clock) = (write, clock)
        start = clock()
        lastDraw = start
    }

    /// Reports that `completed` of `total` steps are done, with running values such as the loss.
    public func update(_ completed: Int, values: [(String, Double)] = []) {
        self.completed = min(max(completed, 0), total)
        let now = clock()
        if interactive {
            guard now - lastDraw >= 0.1 || self.completed == total else { return }
            lastDraw = now
            write("\r" + line(now: now, values: values) + "\u{1B}[K")
        } else {
            guard now - lastDraw >= interval && self.completed < total else { return }
            lastDraw = now
            write(line(now: now, values: values) + "\n")
        }
    }

    /// Ends the display with a final line (all steps done, elapsed time, final values).
    public func finish(values: [(String, Double)] = []) {
        completed = total
        let now = clock()
        write((interactive ? "\r" : "") + line(now: now, values: values, done: true) + (interactive ? "\u{1B}[K\n" : "\n"))
    }

    func line(now: Double, values: [(String, Double)], done: Bool = false) -> String {
        let elapsed = max(now - start, 0)
        let fraction = total == 0 ? 1 : Double(completed) / Double(total)
        let filled = Int(fraction * Double(width))
        var bar = String(repeating: "=", count: filled)
        if filled < width { bar += ">" + String(repeating: ".", count: width - filled - 1) }
        var parts = ["\(label.isEmpty ? "" : label + " ")[\(bar)] \(completed)/\(total)"]
        let rate = elapsed > 0 ? Double(completed) / elapsed : 0
        if rate > 0 { parts.append(String(format: rate >= 10 ? "%.0f it/s" : "%.2f it/s", rate)) }
        if done {
            parts.append("\(Self.clockText(elapsed))")
        } else if rate > 0 {
            parts.append("ETA \(Self.clockText(Double(total - completed) / rate))")
        }
        parts += values.map { "\($0.0) \(String(format4: $0.1))" }
        return parts.joined(separator: "  ")
    }

    /// 75 s → "1:15", 3725 s → "1:02:05".
    static func clockText(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
