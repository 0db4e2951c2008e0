import Foundation
import Testing
@testable import CourseKit
@testable import Workbook

@Suite struct ChildProcessTests {
    let here = FileManager.default.temporaryDirectory

    @Test func reportsExitStatusAndOutput() throws {
        let result = try ChildProcess(["sh", "-c", "echo hello; echo oops >&2; exit 3"], in: here).run()
        #expect(result.termination == .exited(3))
        #expect(result.output.contains("hello") && result.output.contains("oops"))
    }

    @Test func timeoutKillsTheWholeTree() throws {
        let marker = "course-test-\(UUID().uuidString.prefix(8))"
        // A grandchild in its own process group, as `swift test` starts test binaries.
        let script = "setsid sh -c 'exec -a \(marker) sleep 30' & sleep 30"
        let result = try ChildProcess(["sh", "-c", script], in: here, timeout: 1).run()
        #expect(result.termination == .timedOut(1))
        #expect(result.duration < 10)
        usleep(200_000)
        let survivors = ChildProcess.parentTable().keys.filter { pid in
            ((try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)) ?? "").contains(marker)
        }
        #expect(survivors.isEmpty, "processes left running: \(survivors)")
    }

    @Test func outputCapStopsAChattyProcess() throws {
        let result = try ChildProcess(["sh", "-c", "yes spam"], in: here, timeout: 20, outputCap: 10_000).run()
        #expect(result.termination == .outputCapExceeded(10_000))
        #expect(result.output.utf8.count <= 10_000)
    }

    @Test func memoryLimitStopsAHog() throws {
        // python3 is on every machine of this project (it generates fixtures).
        let hog = "python3 -c 'x = bytearray(600 * 1024 * 1024); print(\"allocated\")'"
        let limited = try ChildProcess(["sh", "-c", hog], in: here, timeout: 30, memoryLimitMB: 200).run()
        #expect(limited.termination != .exited(0))
        #expect(!limited.output.contains("allocated"))
    }
}
