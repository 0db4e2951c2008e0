// swift-tools-version:6.0
// A tiny course with the layout of the real one, used by WorkbookTests to
// release, validate and grade with real `swift build` / `swift test` runs.
import PackageDescription

let package = Package(
    name: "SampleCourse",
    targets: [
        // The course's ExerciseError, messages and checks (links to files of the course's Sources/CourseKit).
        .target(name: "Workbook"),
        .target(name: "Vectors"),
        .executableTarget(
            name: "S01", dependencies: ["Vectors", "Workbook"], path: "Lessons/S01",
            exclude: ["exercises.json"]),
        .testTarget(name: "VectorsTests", dependencies: ["Vectors"]),
        .testTarget(name: "S01Tests", dependencies: ["S01", "Workbook"]),
    ],
    swiftLanguageModes: [.v5]
)
