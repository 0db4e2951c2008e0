// serve: an ImageNet classifier from the model zoo behind HTTP (Docs/Serving.md).
//
//   swift run serve --model resnet18 --port 8080
//   curl --data-binary @cat.png -H 'Content-Type: image/png' localhost:8080/predict
import ArgumentParser
import Foundation
import Interop
import Logging
import NN
import Serving
import Vision

@main
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve a zoo classifier over HTTP: POST /predict, GET /health, /ready, /metrics.")

    @Option(help: "resnet18, resnet50, mobilenetv2 or efficientnet-lite0.")
    var model = "resnet18"
    @Option(help: "A torchvision state dict (.pth). Default: the ImageNet weights in the cache of scripts/fetch-weights.sh, if there.")
    var weights: String?
    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"
    @Option(help: "Port to listen on (0: any free port).")
    var port = 8080
    @Option(help: "Most requests per model call (1: no batching).")
    var maxBatch = 8
    @Option(help: "Milliseconds the oldest request waits for a batch to fill.")
    var maxWaitMs = 5
    @Option(help: "Requests that may wait; more get 503.")
    var queue = 64
    @Option(help: "Seconds a request may wait in the queue.")
    var timeout = 30
    @Option(help: "Side of the centre crop the model sees (224 for ImageNet); the short side is first resized to 8/7 of it.")
    var imageSize = 224
    @Option(help: "Log level: debug logs every request, info only refusals.")
    var logLevel = "info"

    mutating func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = JSONLogHandler(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "serve")
        let (module, weightsFile) = try zooModel(model)
        if let weightsFile = weights.map({ URL(fileURLWithPath: $0) }) ?? cached(weightsFile) {
            try module.loadPyTorch(from: weightsFile)
            logger.info("weights loaded", metadata: ["file": "\(weightsFile.path)"])
        } else {
            logger.warning(
                "no weights for \(model): serving RANDOM weights, predictions are meaningless (pass --weights FILE.pth)",
                metadata: ["looked_for": "\(cacheDirectory.appendingPathComponent(weightsFile).path)"])
        }
        var limits = ServerLimits()
        limits.maxBatchSize = max(1, maxBatch)
        limits.maxWait = .milliseconds(max(0, maxWaitMs))
        limits.queueCapacity = max(1, queue)
        limits.requestTimeout = .seconds(max(1, timeout))
        guard (32...1024).contains(imageSize) else { throw ValidationError("--image-size must be 32...1024, got \(imageSize)") }
        let served = ServedModel.imageClassifier(model, module, resizeTo: imageSize * 8 / 7, crop: imageSize)
        let server = ModelServer(model: served, host: host, port: port, limits: limits, logger: logger)
        try await server.run()
    }

    /// The model and the file name torchvision (or the weights' package) gives its ImageNet weights.
    private func zooModel(_ name: String) throws -> (Module, String) {
        switch name {
        case "resnet18": return (ResNet(.resnet18), "resnet18-f37072fd.pth")
        case "resnet50": return (ResNet(.resnet50), "resnet50-0676ba61.pth")
        case "mobilenetv2": return (MobileNetV2(), "mobilenet_v2-b0353104.pth")
        case "efficientnet-lite0": return (EfficientNetLite(), "efficientnet-lite0-57934424.pth")
        default: throw ValidationError("unknown model \(name): resnet18, resnet50, mobilenetv2 or efficientnet-lite0")
        }
    }

    private var cacheDirectory: URL {
        let cache =
            ProcessInfo.processInfo.environment["DEEP_LEARNING_CACHE"]
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/deep-learning-course").path
        return URL(fileURLWithPath: cache).appendingPathComponent("weights")
    }

    private func cached(_ file: String) -> URL? {
        let url = cacheDirectory.appendingPathComponent(file)
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }
}
