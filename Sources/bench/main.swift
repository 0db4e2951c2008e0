// Benchmarks. Each workload prints one JSON line:
//   {"workload": "gemm_1024_ms", "framework": "swift", "threads": 2, "median_ms": 9.81}
// `scripts/bench_pytorch.py` prints the same workloads for PyTorch, so the two can
// be run side by side on one machine and compared as a ratio (Docs/Performance.md).
//
//   swift run -c release bench [--threads 2] [--repeats 20] [workload ...]    (--help: every option)
import ArgumentParser
import DeepLearning
import Foundation
import Quantization

/// A named workload: `prepare` builds the inputs once and returns one timed step.
struct Workload {
    let name: String
    let prepare: () -> () -> Void
}

extension Workload {
    /// Every workload, in the order `--list` prints them (built on each use: nothing is shared between tasks).
    static var all: [Workload] {
        [
            Workload(name: "gemm_1024_ms") {
                let a = Tensor.randn([1024, 1024]), b = Tensor.randn([1024, 1024])
                return { _ = a.matmul(b) }
            },
            Workload(name: "mlp_train_step_b128") {
                let model = Sequential([Linear(784, 256), ReLU(), Linear(256, 128), ReLU(), Linear(128, 10)])
                return trainStep(model, inputs: Tensor.randn([128, 784]), targets: Tensor.randint(0, 10, [128]))
            },
            Workload(name: "lenet_train_step_b64") {
                let model = Sequential {
                    Conv2d(1, 6, kernelSize: 5, padding: 2); ReLU(); MaxPool2d(2)
                    Conv2d(6, 16, kernelSize: 5); ReLU(); MaxPool2d(2); Flatten()
                    Linear(16 * 5 * 5, 120); ReLU(); Linear(120, 84); ReLU(); Linear(84, 10)
                }
                return trainStep(model, inputs: Tensor.randn([64, 1, 28, 28]), targets: Tensor.randint(0, 10, [64]))
            },
            // conv3x3-BN-ReLU 32, 32, pool, 64, 64, pool, global average pool, linear.
            Workload(name: "vggbn_train_step_b32_32px") {
                func block(_ cin: Int, _ cout: Int) -> [Module] { [Conv2d(cin, cout, kernelSize: 3, padding: 1), BatchNorm2d(cout), ReLU()] }
                let model = Sequential(
                    block(3, 32) + block(32, 32) + [MaxPool2d(2)] + block(32, 64) + block(64, 64) + [MaxPool2d(2)]
                        + [AdaptiveAvgPool2d(1), Flatten(), Linear(64, 10)])
                return trainStep(model, inputs: Tensor.randn([32, 3, 32, 32]), targets: Tensor.randint(0, 10, [32]))
            },
            Workload(name: "transformer_train_step_b32_s32") {
                /// Embedding 1000x128, 2 encoder layers (d 128, 4 heads, FF 512, no dropout), head on position 0.
                final class FirstTokenClassifier: Module {
                    let embedding = Embedding(1000, 128), head = Linear(128, 10)
                    let encoder = TransformerEncoder(numLayers: 2) {
                        TransformerEncoderLayer(dModel: 128, nhead: 4, dimFeedforward: 512, dropout: 0, batchFirst: true)
                    }
                    override func forward(_ x: Tensor) -> Tensor { head(encoder(embedding(x)).slice(axis: 1, end: 1).squeeze(axis: 1)) }
                }
                return trainStep(FirstTokenClassifier(), inputs: Tensor.randint(0, 1000, [32, 32]), targets: Tensor.randint(0, 10, [32]))
            },
            Workload(name: "lstm_train_step_b32_s32") {
                /// Embedding 1000x64, LSTM hidden 128, head on the last step.
                final class LastStepLSTM: Module {
                    let embedding = Embedding(1000, 64), lstm = LSTM(64, 128, batchFirst: true), head = Linear(128, 10)
                    override func forward(_ x: Tensor) -> Tensor { head(lstm(embedding(x)).output.slice(axis: 1, start: -1).squeeze(axis: 1)) }
                }
                return trainStep(LastStepLSTM(), inputs: Tensor.randint(0, 1000, [32, 32]), targets: Tensor.randint(0, 10, [32]))
            },
            Workload(name: "bilstm_crf_train_step_b32_s64") {
                /// P07's tagger: character embedding 4000x128, BiLSTM hidden 128 per direction, linear to 7 tags,
                /// CRF negative log-likelihood (mean over sentences); batch 32, 64 characters each, no dropout, Adam.
                let (vocabulary, tags) = (4000, 7)
                let embedding = Embedding(vocabulary, 128), lstm = LSTM(128, 128, batchFirst: true, bidirectional: true)
                let projection = Linear(256, tags), crf = CRF(tags: tags)
                let characters = Tensor.randint(0, vocabulary, [32, 64]), lengths = [Int](repeating: 64, count: 32)
                let gold = (0..<32).map { _ in (0..<64).map { _ in Int.random(in: 0..<tags) } }
                let optimizer = Adam(embedding.parameters() + lstm.parameters() + projection.parameters() + crf.parameters(), lr: 1e-3)
                return {
                    optimizer.zeroGrad()
                    let emissions = projection(lstm(embedding(characters), lengths: lengths).output)
                    crf.negativeLogLikelihood(emissions, tags: gold, lengths: lengths).mean().backward()
                    optimizer.step()
                }
            },
            Workload(name: "bert_mini_train_step_b16_s128") {
                /// BERT-Mini (4 layers, hidden 256, 4 heads, FF 1024, dropout 0.1) with a masked-language-model
                /// head (dense, GELU, LayerNorm, decoder tied to the 21,128 word embeddings of bert-base-chinese's
                /// vocabulary); batch 16, 128 tokens, loss on 19 masked positions per sentence (15 %), Adam.
                var config = BertConfig()
                (config.vocabSize, config.hiddenSize, config.numHiddenLayers) = (21_128, 256, 4)
                (config.numAttentionHeads, config.intermediateSize) = (4, 1024)
                let bert = BertModel(config)
                let transform = Linear(256, 256), norm = LayerNorm(256, eps: 1e-12), bias = Tensor.zeros([21_128], requiresGrad: true)
                let ids = Tensor.randint(0, 21_128, [16, 128])
                let rows = Tensor(ints: (0..<16).flatMap { sentence in (0..<19).map { sentence * 128 + $0 * 6 } })
                let targets = Tensor.randint(0, 21_128, [16 * 19])
                let optimizer = Adam(bert.parameters() + transform.parameters() + norm.parameters() + [bias], lr: 1e-3)
                bert.train()
                return {
                    optimizer.zeroGrad()
                    let masked = bert(inputIds: ids).lastHiddenState.reshape([16 * 128, 256]).indexSelect(axis: 0, rows)
                    let logits = linear(norm(transform(masked).gelu()), bert.embeddings.wordEmbeddings.weight, bias)
                    crossEntropy(logits, targets).backward()
                    optimizer.step()
                }
            },
            Workload(name: "mobilenet_v2_infer_b1_224px") { inference(MobileNetV2(), batch: 1) },
            Workload(name: "mobilenet_v2_infer_b32_224px") { inference(MobileNetV2(), batch: 32) },
            // ResNet-18 and MobileNetV2 inference on 224×224 images, float32 and int8 (Int8Report.swift, Docs/Deployment.md).
            Workload(name: "resnet18_infer_b1") { classifierInference(ResNet(.resnet18), batch: 1, int8: false) },
            Workload(name: "resnet18_int8_infer_b1") { classifierInference(ResNet(.resnet18), batch: 1, int8: true) },
            Workload(name: "resnet18_infer_b32") { classifierInference(ResNet(.resnet18), batch: 32, int8: false) },
            Workload(name: "resnet18_int8_infer_b32") { classifierInference(ResNet(.resnet18), batch: 32, int8: true) },
            Workload(name: "mobilenetv2_infer_b1") { classifierInference(MobileNetV2(), batch: 1, int8: false) },
            Workload(name: "mobilenetv2_int8_infer_b1") { classifierInference(MobileNetV2(), batch: 1, int8: true) },
            Workload(name: "mobilenetv2_infer_b32") { classifierInference(MobileNetV2(), batch: 32, int8: false) },
            Workload(name: "mobilenetv2_int8_infer_b32") { classifierInference(MobileNetV2(), batch: 32, int8: true) },
            Workload(name: "p06_seq2seq_train_step_b32_s24") {
                /// P06's translation model: tied embedding 8000x256, 3+3 pre-LN layers (4 heads, FF 1024, no dropout),
                /// 24 source and 24 target tokens, label smoothing 0.1, Adam (0.9, 0.98, 1e-9).
                let (d, vocabulary) = (256, 8000)
                let embedding = Embedding(vocabulary, d)
                let encoder = TransformerEncoder(numLayers: 3, norm: LayerNorm(d)) {
                    TransformerEncoderLayer(dModel: d, nhead: 4, dimFeedforward: 1024, dropout: 0, batchFirst: true, normFirst: true)
                }
                let decoder = TransformerDecoder(numLayers: 3, norm: LayerNorm(d)) {
                    TransformerDecoderLayer(dModel: d, nhead: 4, dimFeedforward: 1024, dropout: 0, batchFirst: true, normFirst: true)
                }
                let source = Tensor.randint(0, vocabulary, [32, 24]), targetIn = Tensor.randint(0, vocabulary, [32, 24])
                let targetOut = Tensor.randint(0, vocabulary, [32 * 24])
                let optimizer = Adam(embedding.parameters() + encoder.parameters() + decoder.parameters(), lr: 1e-3, betas: (0.9, 0.98), eps: 1e-9)
                return {
                    optimizer.zeroGrad()
                    let memory = encoder(embedding(source))
                    let logits = linear(decoder(embedding(targetIn), memory: memory, tgtIsCausal: true), embedding.weight)
                    crossEntropy(logits.reshape([-1, vocabulary]), targetOut, labelSmoothing: 0.1).backward()
                    optimizer.step()
                }
            },
        ]
    }
}

/// One evaluation-mode forward pass without gradients, on 224×224 inputs.
func inference(_ model: Module, batch: Int) -> () -> Void {
    model.eval()
    let inputs = Tensor.randn([batch, 3, 224, 224])
    return { _ = noGrad { model(inputs) } }
}

/// One forward + backward + Adam step, as the PyTorch twin times it.
func trainStep(_ model: Module, inputs: Tensor, targets: Tensor) -> () -> Void {
    let optimizer = Adam(model.parameters(), lr: 1e-3)
    return {
        optimizer.zeroGrad()
        crossEntropy(model(inputs), targets).backward()
        optimizer.step()
    }
}

/// Median wall time of `repeats` runs of `step`, after `warmup` untimed runs.
func medianMilliseconds(repeats: Int, warmup: Int, _ step: () -> Void) -> Double {
    for _ in 0..<warmup { step() }
    var times: [Double] = []
    for _ in 0..<repeats {
        let start = DispatchTime.now().uptimeNanoseconds
        step()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }
    times.sort()
    return times.count % 2 == 1 ? times[times.count / 2] : (times[times.count / 2 - 1] + times[times.count / 2]) / 2
}

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Times the course's workloads; each prints one JSON line, like scripts/bench_pytorch.py.",
        discussion: "Without a report option, runs the named workloads (all of them when none is named).")

    @Option(help: "Threads for BLAS and the library's parallel loops.") var threads = 2
    @Option(help: "Timed runs per workload (the median is reported).") var repeats = 20
    @Flag(help: "List the workloads and stop.") var list = false
    @Flag(help: "Time two trainings run at once against one after the other.") var concurrentTrainings = false
    @Option(name: .customLong("int8-report"), help: ArgumentHelp("Train MODEL, quantize it to int8 and report accuracy and speed.", valueName: "MODEL"))
    var int8ReportModel: String?
    @Option(help: "Training epochs of --int8-report.") var epochs = 3
    @Option(
        help: ArgumentHelp(
            "Quantize a pretrained model (mobilenetv2 or efficientnet-lite0) and report agreement and speed.",
            valueName: "MODEL"))
    var int8Pretrained: String?
    @Option(help: "Evaluation images of --int8-pretrained.") var images = 1000
    @Option(help: "Calibration images of --int8-pretrained.") var calibration = 256
    @Option(
        help: ArgumentHelp(
            "Also write the names of --int8-pretrained's calibration and evaluation images as JSON, for scripts/int8_agreement_pytorch.py.",
            valueName: "PATH"))
    var splitOut: String?
    @Option(
        help: ArgumentHelp(
            "Write the MobileNetV2 of the mobilenetv2 workloads as ONNX, for scripts/bench_onnxruntime.py.",
            valueName: "PATH"))
    var exportOnnx: String?
    @Argument(help: "Workloads to run (see --list).") var workload: [String] = []

    func validate() throws {
        let unknown = workload.filter { name in !Workload.all.contains { $0.name == name } }
        guard unknown.isEmpty else { throw ValidationError("unknown workload(s) \(unknown.joined(separator: ", ")); see --list") }
        guard threads >= 1, repeats >= 1 else { throw ValidationError("--threads and --repeats must be at least 1") }
    }

    func run() throws {
        if list {
            Workload.all.forEach { print($0.name) }
            return
        }
        Threads.limit = threads
        FileHandle.standardError.write("bench: \(BLASBackend.summary)\n".data(using: .utf8)!)
        if let int8ReportModel {
            try int8Report(model: int8ReportModel, epochs: epochs, repeats: repeats)
        } else if let exportOnnx {
            // The MobileNetV2 of the `mobilenetv2_infer_*` workloads (seed 0).
            Random.seed(0)
            let model = MobileNetV2()
            model.eval()
            try model.exportONNX(to: URL(fileURLWithPath: exportOnnx), example: Tensor.randn([1, 3, 224, 224]))
        } else if let int8Pretrained {
            try pretrainedInt8Report(
                model: int8Pretrained, images: images, calibrationCount: calibration, repeats: repeats,
                splitOut: splitOut.map { URL(fileURLWithPath: $0) })
        } else if concurrentTrainings {
            for workload in Workload.all where self.workload.contains(workload.name) || (self.workload.isEmpty && workload.name == "lenet_train_step_b64") {
                print(concurrentTrainingsReport(workload: workload, steps: repeats))
            }
        } else {
            for workload in Workload.all where self.workload.isEmpty || self.workload.contains(workload.name) {
                Random.seed(0)
                let step = workload.prepare()
                let ms = medianMilliseconds(repeats: repeats, warmup: 3, step)
                print(#"{"workload": "\#(workload.name)", "framework": "swift", "threads": \#(threads), "median_ms": \#(String(format: "%.3f", ms))}"#)
            }
        }
    }
}

Bench.main()
