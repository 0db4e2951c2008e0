import Foundation

/// Writes a Gradescope autograder zip from the course: the instructor's tree
/// (what `course grade` needs) with `setup.sh` and `run_autograder` at its root.
/// Gradescope unpacks it to `/autograder/source`, runs `setup.sh` once per image,
/// and `run_autograder` per submission, which grades `/autograder/submission`
/// with `course grade` and copies its `results.json` to `/autograder/results/`.
public struct GradescopeAutograder {
    public let course: Course
    /// The Swift release `setup.sh` installs (`6.3.1`).
    public var swiftVersion: String
    /// `--unit` options passed to `course grade` (all units when empty).
    public var units: [String] = []

    public init(course: Course, swiftVersion: String) {
        self.course = course
        self.swiftVersion = swiftVersion
    }

    /// The Swift version of the `swift` on `PATH` (`6.3.1`), or `nil`.
    public static func installedSwiftVersion() -> String? {
        guard let swift = ChildProcess.which("swift"),
            let result = try? ChildProcess([swift, "--version"], in: FileManager.default.temporaryDirectory, timeout: 60).run(),
            let range = result.output.range(of: #"Swift version (\d+\.\d+(\.\d+)?)"#, options: .regularExpression)
        else { return nil }
        return String(result.output[range].dropFirst("Swift version ".count))
    }

    /// `setup.sh`: Swift for Ubuntu 22.04 (Gradescope's base image), OpenBLAS, libpng,
    /// unzip and bubblewrap, then a release build of `course` and one warm-up grade.
    public var setupScript: String {
        let tag = "swift-\(swiftVersion)-RELEASE"
        return """
            #!/usr/bin/env bash
            # Gradescope runs this once when it builds the autograder image.
            set -euo pipefail
            export DEBIAN_FRONTEND=noninteractive
            apt-get update -qq
            apt-get install -y -qq curl ca-certificates git unzip zip bubblewrap libopenblas-dev libpng-dev libjpeg-dev pkg-config \\
                binutils gcc libc6-dev libcurl4-openssl-dev libedit2 libgcc-12-dev libpython3-dev libsqlite3-0 \\
                libstdc++-12-dev libxml2-dev libz3-dev tzdata zlib1g-dev >/dev/null
            curl -fsSL https://download.swift.org/swift-\(swiftVersion)-release/ubuntu2204/\(tag)/\(tag)-ubuntu22.04.tar.gz \\
                | tar xz -C /opt
            ln -sf /opt/\(tag)-ubuntu22.04/usr/bin/* /usr/local/bin/
            cd /autograder/source
            swift build -c release --product course
            # Build the grading slot once, so that each submission only recompiles its exercises.
            .build/release/course release --out /autograder/warm-up/student --force
            .build/release/course grade /autograder/warm-up/student --out /autograder/warm-up/gradebook \\
                --work /autograder/work --jobs 1\(unitOptions)
            """ + "\n"
    }

    /// `run_autograder`: grades the submission and hands Gradescope its `results.json`.
    public var runScript: String {
        """
        #!/usr/bin/env bash
        # Gradescope runs this for every submission; the student's files are in /autograder/submission.
        set -euo pipefail
        cd /autograder/source
        rm -rf /autograder/gradebook
        .build/release/course grade /autograder/submission --out /autograder/gradebook \\
            --work /autograder/work --jobs 1\(unitOptions)
        mkdir -p /autograder/results
        cp /autograder/gradebook/results/submission/results.json /autograder/results/results.json
        """ + "\n"
    }

    private var unitOptions: String { units.map { " --unit \($0)" }.joined() }

    /// Writes the zip (with `zip`, Info-ZIP), replacing `zip` if it exists.
    public func write(to zipFile: URL) throws {
        guard let zipTool = ChildProcess.which("zip") else { throw GradingError.zipMissing }
        let staging = FileManager.default.temporaryDirectory.appendingPathComponent("course-gradescope-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: staging) }
        try BuildSlot(path: staging).sync(
            from: course.root,
            overlay: [
                "setup.sh": Data(setupScript.utf8),
                "run_autograder": Data(runScript.utf8),
            ])
        for script in ["setup.sh", "run_autograder"] {
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: staging.appendingPathComponent(script).path)
        }
        let target = zipFile.standardizedFileURL
        try? FileManager.default.removeItem(at: target)
        let result = try ChildProcess([zipTool, "-qr", "-y", target.path, "."], in: staging, timeout: 600).run()
        guard result.succeeded else { throw GradingError.badSubmission(target.path, "zip failed: \(result.output.prefix(300))") }
    }
}
