// swift-tools-version:6.0
// Stage 4: Deep Learning — a runnable course in Swift, and the library it teaches.
import PackageDescription

/// Library code is always optimised, even in `swift build`'s debug configuration:
/// a training loop in unoptimised Swift is 20-50x slower. Whole-module
/// optimisation lets the generic kernels specialise and inline across files.
/// `-Ounchecked` is never used: it deletes the preconditions that report shape errors.
let optimised: [SwiftSetting] = [.unsafeFlags(["-O", "-wmo", "-num-threads", "2"])]
let argumentParser: Target.Dependency = .product(name: "ArgumentParser", package: "swift-argument-parser")

let package = Package(
    name: "DeepLearningCourse",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "DeepLearning", targets: ["DeepLearning"]),
        .executable(name: "course", targets: ["CourseCLI"]),
        .executable(name: "M01", targets: ["M01"]),
        .executable(name: "M02", targets: ["M02"]),
        .executable(name: "M03", targets: ["M03"]),
        .executable(name: "bench", targets: ["bench"]),
        .executable(name: "ddp", targets: ["ddp"]),
        .executable(name: "P01", targets: ["P01"]),
        .executable(name: "P06", targets: ["P06"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-protobuf", exact: "1.39.0"),
    ],
    targets: [
        // System libraries.
        // OpenBLAS, opened at run time so that its kernels can be chosen by CPU feature.
        .target(name: "CBLAS", path: "Sources/CBLAS", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        // OpenMPI, opened at run time so that builds and single-process runs never need it.
        .target(name: "CMPI", path: "Sources/CMPI", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        // Integer GEMM for int8 inference: an AVX-512 VNNI kernel chosen at run time, portable C otherwise.
        .target(name: "CInt8", path: "Sources/CInt8", cSettings: [.unsafeFlags(["-O3"])]),
        .systemLibrary(name: "CPNG", path: "Sources/CPNG", pkgConfig: "libpng",
                       providers: [.apt(["libpng-dev"]), .brew(["libpng"])]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),

        // The library, layer by layer: safe file access, tensors, then networks, data, plots.
        .target(name: "FileIO", swiftSettings: optimised),
        .target(name: "Tensors", dependencies: ["CBLAS"], swiftSettings: optimised),
        .target(name: "NN", dependencies: ["Tensors", "Datasets", "FileIO"], swiftSettings: optimised),
        .target(name: "Datasets", dependencies: ["Tensors", "FileIO", "CPNG", "CZlib"], resources: [.copy("Resources")],
                swiftSettings: optimised),
        // FreeType, opened with dlopen: no headers or library needed to build.
        .target(name: "CFreeType", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        .target(name: "Plots", dependencies: ["Tensors", "Datasets", "CFreeType"], swiftSettings: optimised),
        .target(name: "Vision", dependencies: ["Tensors", "NN", "Plots"], swiftSettings: optimised),
        .target(name: "Text", dependencies: ["Tensors", "FileIO"], resources: [.copy("Resources")], swiftSettings: optimised),
        .target(name: "Quantization", dependencies: ["Tensors", "FileIO", "NN", "Vision", "CInt8"], swiftSettings: optimised),
        .target(name: "Distributed", dependencies: ["CMPI", "Tensors", "NN", "Datasets"], swiftSettings: optimised),
        .target(name: "Interop", dependencies: ["Tensors", "FileIO", "NN", "Vision", "Text", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
                swiftSettings: optimised),
        .target(name: "DeepLearning", dependencies: ["Tensors", "NN", "Datasets", "Plots", "Vision", "Text", "Interop"], swiftSettings: optimised),

        // The course machinery: exercises, checks, release and grading.
        .target(name: "Workbook", dependencies: ["Tensors", "FileIO"], swiftSettings: optimised),
        .executableTarget(name: "CourseCLI", dependencies: ["Workbook", argumentParser]),

        // Lessons.
        .executableTarget(name: "M01", dependencies: ["DeepLearning", "Workbook"], path: "Lessons/M01", exclude: ["exercises.json"]),
        .executableTarget(name: "M02", dependencies: ["DeepLearning", "Workbook"], path: "Lessons/M02", exclude: ["exercises.json"]),
        .executableTarget(name: "M03", dependencies: ["DeepLearning", "Workbook"], path: "Lessons/M03", exclude: ["exercises.json"]),

        // Projects.
        .executableTarget(name: "P01", dependencies: ["DeepLearning", "FileIO", "Quantization", "Workbook", argumentParser], path: "Projects/P01",
                          exclude: ["exercises.json"], swiftSettings: optimised),
        .executableTarget(name: "P06", dependencies: ["DeepLearning", "Workbook", argumentParser], path: "Projects/P06",
                          exclude: ["exercises.json"], swiftSettings: optimised),

        // Tools.
        .executableTarget(name: "checkpoint-writer", dependencies: ["NN"], swiftSettings: optimised),
        .executableTarget(name: "bench", dependencies: ["DeepLearning", "Quantization"], swiftSettings: optimised),
        .executableTarget(name: "ddp", dependencies: ["Distributed", "DeepLearning"], swiftSettings: optimised),

        // Tests.
        .testTarget(name: "TensorsTests", dependencies: ["Tensors"], resources: [.copy("Fixtures")]),
        .testTarget(name: "NNTests", dependencies: ["DeepLearning", "checkpoint-writer"], resources: [.copy("Fixtures")]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "Plots"]),
        .testTarget(name: "WorkbookTests", dependencies: ["Workbook", "Tensors"],
                    exclude: ["SampleCourse"], resources: [.copy("Fixtures")]),
        .testTarget(name: "M01Tests", dependencies: ["M01", "DeepLearning", "Workbook"], resources: [.copy("Fixtures")]),
        .testTarget(name: "M02Tests", dependencies: ["M02", "DeepLearning", "Workbook"], resources: [.copy("Fixtures")]),
        .testTarget(name: "M03Tests", dependencies: ["M03", "DeepLearning", "Workbook"], resources: [.copy("Fixtures")]),
        .testTarget(name: "VisionTests", dependencies: ["Vision", "NN"], resources: [.copy("Fixtures")]),
        .testTarget(name: "DistributedTests", dependencies: ["Distributed", "NN", "ddp"]),
        .testTarget(name: "QuantizationTests", dependencies: ["Quantization", "CInt8", "DeepLearning"], resources: [.copy("Fixtures")]),
        .testTarget(name: "TextTests", dependencies: ["Text"], resources: [.copy("Fixtures")]),
        .testTarget(name: "InteropTests", dependencies: ["DeepLearning"], resources: [.copy("Fixtures")]),
        .testTarget(name: "P01Tests", dependencies: ["P01", "DeepLearning", "Quantization", "Workbook"], resources: [.copy("Fixtures")]),
        .testTarget(name: "P06Tests", dependencies: ["P06", "DeepLearning", "Workbook"]),
    ],
    swiftLanguageModes: [.v5]
)
