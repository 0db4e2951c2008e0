import Foundation
import Testing
@testable import NN

/// `kill -9` at random moments while a child process saves checkpoints in a loop:
/// the file always loads (the old or the new version, never a torn one), and the
/// next save removes every temporary file the killed writers left.
@Suite struct KillDuringSaveTests {
    /// The `checkpoint-writer` tool, built next to the test binary by `swift build --build-tests`.
    static func writer() throws -> URL {
        let candidates =
            [CommandLine.arguments[0], Bundle.main.bundlePath].map {
                URL(fileURLWithPath: $0).deletingLastPathComponent().appendingPathComponent("checkpoint-writer")
            } + [URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../.build/debug/checkpoint-writer").standardizedFileURL]
        return try #require(
            candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) },
            "checkpoint-writer not found; run swift build --build-tests")
    }

    static func temporaries(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".tmp") }
    }

    @Test func killedWritersLeaveALoadableFileAndNoDebris() throws {
        let folder = try temporaryDirectory(), url = folder.appendingPathComponent("model.safetensors")
        let writer = try Self.writer()
        var debrisSeen = 0
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<12 {
            let child = Process()
            child.executableURL = writer
            child.arguments = [url.path]
            child.standardOutput = FileHandle.nullDevice
            try child.run()
            usleep(UInt32.random(in: 20_000...120_000, using: &generator))
            kill(child.processIdentifier, SIGKILL)
            child.waitUntilExit()
            #expect(child.terminationReason == .uncaughtSignal)
            debrisSeen += try Self.temporaries(in: folder).count
            if FileManager.default.fileExists(atPath: url.path) {
                let tensors = try SafeTensors.read(from: url)
                #expect(tensors["weight"]?.shape == [512, 512])
            }
        }
        try Linear(4, 4).save(to: url)
        #expect(try Self.temporaries(in: folder) == [])
        print("kill test: \(debrisSeen) temporary files seen after 12 kills, all removed by the next save")
    }
}
