import Foundation

/// Run with `FUZZ_WRITE_SEEDS=<folder>`, a harness writes its seed inputs (made by the
/// library's own writers) into the folder and exits; `scripts/fuzz.sh --seeds` does this.
/// Otherwise nothing happens and fuzzing starts.
func writeSeedsIfAsked(_ write: (URL) throws -> Void) -> CInt {
    guard let folder = ProcessInfo.processInfo.environment["FUZZ_WRITE_SEEDS"] else { return 0 }
    let url = URL(fileURLWithPath: folder)
    do {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try write(url)
        exit(0)
    } catch {
        print("cannot write seeds: \(error)")
        exit(1)
    }
}
