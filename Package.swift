// swift-tools-version:6.2
// Stage 4: Deep Learning — a runnable course in Swift, and the library it teaches.
import Foundation
import PackageDescription

/// Library code is always optimised, even in `swift build`'s debug configuration:
/// a training loop in unoptimised Swift is 20-50x slower. Whole-module
/// optimisation lets the generic kernels specialise and inline across files.
/// `-Ounchecked` is never used: it deletes the preconditions that report shape errors.
///
/// SwiftPM refuses unsafe flags in a package that another one depends on by version, so
/// when this package is a dependency (checked out under `.build/checkouts`, or Xcode's
/// `SourcePackages`) the flags are left out and the consumer's configuration applies
/// (`swift build -c release` for speed). `scripts/check-consumer.sh` proves it.
let isDependency = ["/.build/checkouts/", "/SourcePackages/checkouts/"].contains { Context.packageDirectory.contains($0) }
let optimised: [SwiftSetting] = isDependency ? [] : [.unsafeFlags(["-O", "-wmo", "-num-threads", "\(ProcessInfo.processInfo.activeProcessorCount)"])]
let optimisedC: [CSetting] = isDependency ? [] : [.unsafeFlags(["-O3"])]
let argumentParser: Target.Dependency = .product(name: "ArgumentParser", package: "swift-argument-parser")

let package = Package(
    name: "DeepLearningCourse",
    platforms: [.macOS(.v14)],  // Hummingbird (the Serving module) needs macOS 14
    products: [
        .library(name: "DeepLearning", targets: ["DeepLearning"]),
        .executable(name: "course", targets: ["CourseCLI"]),
        .executable(name: "M01", targets: ["M01"]),
        .executable(name: "M02", targets: ["M02"]),
        .executable(name: "M03", targets: ["M03"]),
        .executable(name: "bench", targets: ["bench"]),
        .executable(name: "ddp", targets: ["ddp"]),
        .executable(name: "P01", targets: ["P01"]),
        .executable(name: "P02", targets: ["P02"]),
        .executable(name: "P03", targets: ["P03"]),
        .executable(name: "P04", targets: ["P04"]),
        .executable(name: "P05", targets: ["P05"]),
        .executable(name: "P06", targets: ["P06"]),
        .executable(name: "P07", targets: ["P07"]),
        .executable(name: "serve", targets: ["serve"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-protobuf", exact: "1.39.0"),
        // The model server (Serving): HTTP, metrics, logs and graceful shutdown.
        // Hummingbird's optional traits (swift-configuration, full Foundation) are left off: less to build.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // System libraries.
        // OpenBLAS, opened at run time so that its kernels can be chosen by CPU feature.
        .target(name: "CBLAS", path: "Sources/CBLAS", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        // OpenMPI, opened at run time so that builds and single-process runs never need it.
        .target(name: "CMPI", path: "Sources/CMPI", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        // Integer GEMM for int8 inference: an AVX-512 VNNI kernel chosen at run time, portable C otherwise.
        .target(name: "CInt8", path: "Sources/CInt8", cSettings: optimisedC),
        .systemLibrary(
            name: "CPNG", path: "Sources/CPNG", pkgConfig: "libpng",
            providers: [.apt(["libpng-dev"]), .brew(["libpng"])]),
        // libjpeg(-turbo), behind a shim that turns its longjmp errors into return codes.
        .target(name: "CJPEG", path: "Sources/CJPEG", linkerSettings: [.linkedLibrary("jpeg")]),
        .systemLibrary(
            name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),

        // The library, layer by layer: safe file access, tensors, networks, image files, data, the training loop, plots.
        .target(name: "FileIO", swiftSettings: optimised),
        .target(name: "Tensors", dependencies: ["CBLAS"], swiftSettings: optimised),
        .target(name: "NN", dependencies: ["Tensors", "FileIO"], swiftSettings: optimised),
        .target(name: "ImageFiles", dependencies: ["FileIO", "Tensors", "CPNG", "CJPEG"], swiftSettings: optimised),
        .target(
            name: "Datasets", dependencies: ["Tensors", "FileIO", "ImageFiles", "CZlib"], resources: [.copy("Resources")],
            swiftSettings: optimised),
        .target(name: "Training", dependencies: ["NN", "Datasets"], swiftSettings: optimised),
        // FreeType, opened with dlopen: no headers or library needed to build.
        .target(name: "CFreeType", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        .target(name: "Plots", dependencies: ["Tensors", "ImageFiles", "CFreeType"], swiftSettings: optimised),
        .target(name: "Vision", dependencies: ["Tensors", "NN", "Plots"], swiftSettings: optimised),
        .target(name: "Text", dependencies: ["Tensors", "FileIO"], resources: [.copy("Resources")], swiftSettings: optimised),
        .target(name: "Quantization", dependencies: ["Tensors", "FileIO", "NN", "Vision", "CInt8"], swiftSettings: optimised),
        .target(name: "Distributed", dependencies: ["CMPI", "Tensors", "NN", "Datasets"], swiftSettings: optimised),
        .target(
            name: "Interop",
            dependencies: ["Tensors", "FileIO", "NN", "Vision", "Text", "Quantization", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            swiftSettings: optimised),
        // A model behind HTTP: dynamic batching, a bounded queue, metrics, graceful shutdown.
        .target(
            name: "Serving",
            dependencies: [
                "Tensors", "NN", "ImageFiles", "Vision",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: optimised),
        .target(
            name: "DeepLearning", dependencies: ["Tensors", "NN", "Training", "Datasets", "Plots", "Vision", "Text", "Interop"], swiftSettings: optimised),

        // The course machinery: exercises, checks, release and grading. The grader (`course`)
        // needs only CourseKit; Workbook adds the tensor checks and the lesson runner.
        .target(name: "CourseKit", dependencies: ["FileIO"], swiftSettings: optimised),
        .target(name: "Workbook", dependencies: ["CourseKit", "Tensors", "FileIO", argumentParser], swiftSettings: optimised),
        .executableTarget(name: "CourseCLI", dependencies: ["CourseKit", argumentParser]),
        // What the exercises' tests share: the trait that fails a test whose code calls the library's answer.
        .target(name: "ExerciseTesting", dependencies: ["Workbook", "Tensors"]),

        // Lessons.
        .executableTarget(
            name: "M01", dependencies: ["DeepLearning", "Workbook"], path: "Lessons/M01", exclude: ["exercises.json"]),
        .executableTarget(
            name: "M02", dependencies: ["DeepLearning", "Workbook"], path: "Lessons/M02", exclude: ["exercises.json"]),
        .executableTarget(
            name: "M03", dependencies: ["DeepLearning", "Workbook"], path: "Lessons/M03", exclude: ["exercises.json"]),

        // Projects.
        .executableTarget(
            name: "P01", dependencies: ["DeepLearning", "FileIO", "Quantization", "Workbook", argumentParser], path: "Projects/P01",
            exclude: ["exercises.json"], swiftSettings: optimised),
        .executableTarget(
            name: "P02", dependencies: ["DeepLearning", "FileIO", "Workbook", argumentParser], path: "Projects/P02",
            exclude: ["exercises.json"], swiftSettings: optimised),
        .executableTarget(
            name: "P03", dependencies: ["DeepLearning", "FileIO", "Workbook", argumentParser], path: "Projects/P03",
            exclude: ["exercises.json"], swiftSettings: optimised),
        .executableTarget(
            name: "P04", dependencies: ["DeepLearning", "FileIO", "Workbook", argumentParser], path: "Projects/P04",
            exclude: ["exercises.json"], swiftSettings: optimised),
        .executableTarget(
            name: "P05", dependencies: ["DeepLearning", "FileIO", "Workbook", argumentParser], path: "Projects/P05",
            exclude: ["exercises.json"], swiftSettings: optimised),
        .executableTarget(
            name: "P06", dependencies: ["DeepLearning", "Distributed", "FileIO", "Workbook", argumentParser], path: "Projects/P06",
            exclude: ["exercises.json"], swiftSettings: optimised),
        .executableTarget(
            name: "P07",
            dependencies: [
                "DeepLearning", "FileIO", "Workbook", "Serving", argumentParser,
                .product(name: "Logging", package: "swift-log"),
            ], path: "Projects/P07",
            exclude: ["exercises.json"], swiftSettings: optimised),

        // Tools.
        .executableTarget(name: "checkpoint-writer", dependencies: ["NN"], swiftSettings: optimised),
        .executableTarget(name: "bench", dependencies: ["DeepLearning", "Quantization", argumentParser], swiftSettings: optimised),
        .executableTarget(name: "ddp", dependencies: ["Distributed", "DeepLearning", argumentParser], swiftSettings: optimised),
        .executableTarget(name: "serve", dependencies: ["Serving", "Vision", "Interop", argumentParser], swiftSettings: optimised),

        // Tests.
        // Every ```swift block of the docs, compiled and never run (scripts/doc_snippets.py writes it).
        .executableTarget(
            name: "DocSnippets", dependencies: ["DeepLearning", "Workbook", "Quantization", "Serving", "Distributed"],
            path: "Tests/DocSnippets", swiftSettings: isDependency ? [] : [.unsafeFlags(["-suppress-warnings"])]),
        .testTarget(name: "TensorsTests", dependencies: ["Tensors", "Workbook"], resources: [.copy("Fixtures")]),
        .testTarget(name: "NNTests", dependencies: ["DeepLearning", "Workbook", "checkpoint-writer"], resources: [.copy("Fixtures")]),
        .testTarget(name: "TrainingTests", dependencies: ["Training", "NN", "Datasets"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "ImageFiles", "Plots", "FileIO"]),
        .testTarget(
            name: "WorkbookTests", dependencies: ["Workbook", "CourseKit", "ExerciseTesting", "Tensors", "FileIO"],
            exclude: ["SampleCourse"], resources: [.copy("Fixtures")]),
        .testTarget(name: "M01Tests", dependencies: ["M01", "ExerciseTesting", "DeepLearning", "Workbook"], resources: [.copy("Fixtures")]),
        .testTarget(name: "M02Tests", dependencies: ["M02", "ExerciseTesting", "DeepLearning", "Workbook"], resources: [.copy("Fixtures")]),
        .testTarget(name: "M03Tests", dependencies: ["M03", "ExerciseTesting", "DeepLearning", "Workbook"], resources: [.copy("Fixtures")]),
        .testTarget(name: "VisionTests", dependencies: ["Vision", "NN", "Workbook"], resources: [.copy("Fixtures")]),
        .testTarget(name: "DistributedTests", dependencies: ["Distributed", "NN", "ddp"]),
        .testTarget(name: "QuantizationTests", dependencies: ["Quantization", "CInt8", "DeepLearning", "Workbook"], resources: [.copy("Fixtures")]),
        .testTarget(name: "TextTests", dependencies: ["Text", "Workbook"], resources: [.copy("Fixtures")]),
        .testTarget(name: "InteropTests", dependencies: ["DeepLearning", "Quantization", "Workbook"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "ServingTests",
            dependencies: [
                "Serving", "Datasets", "Tensors", "NN", "Workbook",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "P01Tests", dependencies: ["P01", "ExerciseTesting", "DeepLearning", "FileIO", "Quantization", "Workbook"], resources: [.copy("Fixtures")]),
        .testTarget(name: "P02Tests", dependencies: ["P02", "ExerciseTesting", "DeepLearning", "Workbook"], resources: [.copy("Fixtures")]),
        .testTarget(name: "P03Tests", dependencies: ["P03", "ExerciseTesting", "DeepLearning", "Workbook"], resources: [.copy("Fixtures")]),
        .testTarget(name: "P04Tests", dependencies: ["P04", "ExerciseTesting", "DeepLearning", "Workbook"], resources: [.copy("Fixtures")]),
        .testTarget(name: "P05Tests", dependencies: ["P05", "ExerciseTesting", "DeepLearning", "Workbook"], resources: [.copy("Fixtures")]),
        .testTarget(name: "P06Tests", dependencies: ["P06", "ExerciseTesting", "DeepLearning", "Distributed", "Workbook"]),
        .testTarget(
            name: "P07Tests",
            dependencies: [
                "P07", "ExerciseTesting", "DeepLearning", "Workbook", "Serving",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ], resources: [.copy("Fixtures")]),
    ],
    // Every target, tests included, builds in Swift 6 language mode, where a data race is a compile error.
    swiftLanguageModes: [.v6]
)
