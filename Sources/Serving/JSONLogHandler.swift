import Foundation
import Logging

/// Structured logs: one JSON object per line on standard error, with the time, level,
/// message and every metadata field, ready for a log collector.
///
/// ```swift
/// LoggingSystem.bootstrap(JSONLogHandler.init)
/// // {"time":"2026-12-01T05:00:00.123Z","level":"info","label":"serving","message":"serving","port":"8080"}
/// ```
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    private let label: String
    private static let output = NSLock()
    private nonisolated(unsafe) static let clock: ISO8601DateFormatter = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }()

    public init(label: String) {
        self.label = label
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields: [String: String] = [:]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) { fields[key] = "\(value)" }
        fields["time"] = Self.output.withLock { Self.clock.string(from: Date()) }
        fields["level"] = event.level.rawValue
        fields["label"] = label
        fields["message"] = "\(event.message)"
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        guard var line = try? encoder.encode(fields) else { return }
        line.append(0x0A)
        Self.output.withLock { FileHandle.standardError.write(line) }
    }
}
