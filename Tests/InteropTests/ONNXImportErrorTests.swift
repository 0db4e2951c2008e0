import Foundation
import Testing
@testable import Interop
import NN
import Tensors
import Vision

/// Malformed ONNX files, unsupported operators and shapes that do not fit are typed
/// `ONNXError`s naming what is wrong, never a trap: one-node graphs with each kind of
/// bad attribute or input, and a few hundred seeded mutations of an exported model.
@Suite(.serialized) struct ONNXImportErrorTests {
    /// A one-node graph reading `input` and the given initializers, writing `output`.
    static func graph(
        _ op: String, initializers: [String: Tensor] = [:], inputs: [String]? = nil,
        attributes: [String: [Int]] = [:], floats: [String: Float] = [:]
    ) -> Onnx_ModelProto {
        var node = Onnx_NodeProto()
        node.opType = op
        node.name = "node0"
        node.input = inputs ?? ["input"] + initializers.keys.sorted()
        node.output = ["output"]
        node.attribute =
            attributes.sorted { $0.key < $1.key }.map { name, values in
                var a = Onnx_AttributeProto()
                a.name = name
                if values.count == 1 && !["perm", "axes", "pads", "strides", "kernel_shape", "dilations"].contains(name) {
                    a.type = .int; a.i = Int64(values[0])
                } else {
                    a.type = .ints; a.ints = values.map(Int64.init)
                }
                return a
            }
            + floats.map { name, value in
                var a = Onnx_AttributeProto()
                a.name = name; a.type = .float; a.f = value
                return a
            }
        var model = Onnx_ModelProto()
        model.irVersion = 8
        model.graph.node = [node]
        model.graph.initializer = initializers.sorted { $0.key < $1.key }.map { name, t in tensorProto(name, t) }
        var input = Onnx_ValueInfoProto(), output = Onnx_ValueInfoProto()
        input.name = "input"; output.name = "output"
        model.graph.input = [input]
        model.graph.output = [output]
        return model
    }

    static func tensorProto(_ name: String, _ t: Tensor) -> Onnx_TensorProto {
        var p = Onnx_TensorProto()
        p.name = name
        p.dims = t.shape.map(Int64.init)
        if t.dtype == .int64 {
            p.dataType = Int32(Onnx_TensorProto.DataType.int64.rawValue); p.int64Data = t.ints.map { Int64($0) }
        } else {
            p.dataType = Int32(Onnx_TensorProto.DataType.float.rawValue); p.floatData = t.scalars.map { Float($0) }
        }
        return p
    }

    /// Loads and runs `model` on `x`: the error it throws, which must be an ONNXError (nil if it ran).
    static func outcome(_ model: Onnx_ModelProto, _ x: Tensor) throws -> ONNXError? {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("malformed-\(UUID()).onnx")
        defer { try? FileManager.default.removeItem(at: url) }
        try model.serializedData().write(to: url)
        do {
            _ = try ONNXModel(contentsOf: url).run(["input": x])
            return nil
        } catch let error as ONNXError {
            return error
        }
    }

    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let make: @Sendable () -> (Onnx_ModelProto, Tensor)
        var testDescription: String { name }
    }

    static var x4: Tensor { Tensor.ones([1, 2, 5, 5]) }
    static let cases: [Case] = [
        Case(name: "Reshape to negative sizes") { (graph("Reshape", initializers: ["shape": Tensor(ints: [-2, -25])]), Tensor.ones([2, 25])) },
        Case(name: "Reshape copying a dimension past the rank") { (graph("Reshape", initializers: ["shape": Tensor(ints: [0, 0, 0])]), Tensor.ones([50])) },
        Case(name: "Reshape to a different element count") { (graph("Reshape", initializers: ["shape": Tensor(ints: [7, 7])]), Tensor.ones([50])) },
        Case(name: "Transpose with a repeated axis") { (graph("Transpose", attributes: ["perm": [0, 0, 1, 2]]), x4) },
        Case(name: "Concat of unequal shapes") {
            (graph("Concat", initializers: ["b": Tensor.ones([2, 4])], attributes: ["axis": [0]]), Tensor.ones([2, 3]))
        },
        Case(name: "Concat on an axis past the rank") {
            (graph("Concat", initializers: ["b": Tensor.ones([2, 3])], attributes: ["axis": [5]]), Tensor.ones([2, 3]))
        },
        Case(name: "MatMul of mismatched matrices") { (graph("MatMul", initializers: ["b": Tensor.ones([4, 5])]), Tensor.ones([2, 3])) },
        Case(name: "MatMul with unbroadcastable batches") { (graph("MatMul", initializers: ["b": Tensor.ones([3, 3, 2])]), Tensor.ones([2, 2, 3])) },
        Case(name: "MatMul of a scalar") { (graph("MatMul", initializers: ["b": Tensor.ones([])]), Tensor.ones([2, 3])) },
        Case(name: "Gemm with a bias of the wrong size") {
            (graph("Gemm", initializers: ["b": Tensor.ones([3, 4]), "c": Tensor.ones([7])], inputs: ["input", "b", "c"]), Tensor.ones([2, 3]))
        },
        Case(name: "BatchNormalization with parameters of the wrong size") {
            (
                graph(
                    "BatchNormalization", initializers: ["s": Tensor.ones([3]), "t": Tensor.ones([3]), "u": Tensor.ones([3]), "v": Tensor.ones([3])],
                    inputs: ["input", "s", "t", "u", "v"]), x4
            )
        },
        Case(name: "GlobalAveragePool of a matrix") { (graph("GlobalAveragePool"), Tensor.ones([2, 3])) },
        Case(name: "Softmax on a missing axis") { (graph("Softmax", attributes: ["axis": [5]]), Tensor.ones([2, 3])) },
        Case(name: "Flatten past the rank") { (graph("Flatten", attributes: ["axis": [9]]), Tensor.ones([2, 3])) },
        Case(name: "ReduceMean over a missing axis") { (graph("ReduceMean", attributes: ["axes": [7]]), Tensor.ones([2, 3])) },
        Case(name: "Squeeze of a missing axis") { (graph("Squeeze", attributes: ["axes": [-9]]), Tensor.ones([2, 1])) },
        Case(name: "Squeeze of an axis longer than 1") { (graph("Squeeze", attributes: ["axes": [0]]), Tensor.ones([2, 1])) },
        Case(name: "Unsqueeze past the rank") { (graph("Unsqueeze", attributes: ["axes": [9]]), Tensor.ones([2, 1])) },
        Case(name: "Slice with more axes than starts") {
            (
                graph("Slice", initializers: ["a": Tensor(ints: [0]), "b": Tensor(ints: [1]), "c": Tensor(ints: [0, 1])], inputs: ["input", "a", "b", "c"]),
                Tensor.ones([2, 3])
            )
        },
        Case(name: "Slice on a missing axis") {
            (
                graph("Slice", initializers: ["a": Tensor(ints: [0]), "b": Tensor(ints: [1]), "c": Tensor(ints: [4])], inputs: ["input", "a", "b", "c"]),
                Tensor.ones([2, 3])
            )
        },
        Case(name: "Clip with a non-scalar bound") {
            (graph("Clip", initializers: ["low": Tensor.ones([3])], inputs: ["input", "low"]), Tensor.ones([2, 3]))
        },
        Case(name: "Add of a float and an integer tensor") { (graph("Add", initializers: ["b": Tensor(ints: [1, 2, 3])]), Tensor.ones([2, 3])) },
        Case(name: "Add of unbroadcastable shapes") { (graph("Add", initializers: ["b": Tensor.ones([4])]), Tensor.ones([2, 3])) },
        Case(name: "Pad to an enormous size") {
            (graph("Pad", initializers: ["pads": Tensor(ints: [0, 0, 1 << 29, 0, 0, 0, 1 << 29, 0])]), x4)
        },
        Case(name: "Resize with a zero scale") {
            (graph("Resize", initializers: ["roi": Tensor.ones([0]), "scales": Tensor([1, 1, 0, 2], shape: [4])], inputs: ["input", "roi", "scales"]), x4)
        },
        Case(name: "Conv with stride 0") { (graph("Conv", initializers: ["w": Tensor.ones([3, 2, 3, 3])], attributes: ["strides": [0, 1]]), x4) },
        Case(name: "Conv with too few input channels") { (graph("Conv", initializers: ["w": Tensor.ones([3, 4, 3, 3])]), x4) },
        Case(name: "Conv with a kernel larger than the image") { (graph("Conv", initializers: ["w": Tensor.ones([3, 2, 7, 7])]), x4) },
        Case(name: "Conv with a bias of the wrong size") {
            (graph("Conv", initializers: ["w": Tensor.ones([3, 2, 3, 3]), "b": Tensor.ones([5])], inputs: ["input", "w", "b"]), x4)
        },
        Case(name: "Conv with negative pads") { (graph("Conv", initializers: ["w": Tensor.ones([3, 2, 3, 3])], attributes: ["pads": [-1, -1, -1, -1]]), x4) },
        Case(name: "Conv with groups that do not divide the channels") {
            (graph("Conv", initializers: ["w": Tensor.ones([3, 1, 3, 3])], attributes: ["group": [3]]), x4)
        },
        Case(name: "Conv of a rank-3 input") { (graph("Conv", initializers: ["w": Tensor.ones([3, 2, 3, 3])]), Tensor.ones([2, 5, 5])) },
        Case(name: "MaxPool with a three-number kernel") { (graph("MaxPool", attributes: ["kernel_shape": [2, 2, 2]]), x4) },
        Case(name: "MaxPool with padding over half the kernel") { (graph("MaxPool", attributes: ["kernel_shape": [2, 2], "pads": [2, 2, 2, 2]]), x4) },
        Case(name: "ConvTranspose with output padding past the stride") {
            (graph("ConvTranspose", initializers: ["w": Tensor.ones([2, 3, 3, 3])], attributes: ["output_padding": [4, 4]]), x4)
        },
    ]

    @Test(arguments: cases) func badNodeIsATypedErrorNamingIt(_ c: Case) throws {
        let (model, x) = c.make()
        let error = try Self.outcome(model, x)
        let message = error.map { "\($0)" } ?? "no error"
        #expect(error != nil, "\(c.name): ran without an error")
        #expect(message.contains(model.graph.node[0].opType), "\(c.name): \(message)")
    }

    @Test func badInitializersAreTypedErrors() throws {
        var raw = Self.tensorProto("w", Tensor.ones([3, 2, 3, 3]))
        raw.floatData = []
        raw.rawData = Data(count: 13)  // not 54 floats
        var negative = Self.tensorProto("w", Tensor.ones([3, 2, 3, 3]))
        negative.dims = [3, -2, 3, 3]
        var huge = Self.tensorProto("w", Tensor.ones([3, 2, 3, 3]))
        huge.dims = [1 << 40, 1 << 40]
        var type = Self.tensorProto("w", Tensor.ones([3, 2, 3, 3]))
        type.dataType = 8  // string
        for (name, tensor) in [
            ("raw data of the wrong length", raw), ("a negative dimension", negative), ("an overflowing shape", huge),
            ("a string tensor", type),
        ] {
            var model = Self.graph("Conv", initializers: ["w": Tensor.ones([3, 2, 3, 3])])
            model.graph.initializer = [tensor]
            let error = try Self.outcome(model, Self.x4)
            #expect(error != nil, "\(name): loaded")
            #expect(error.map { "\($0)" }?.contains("tensor w") ?? false, "\(name): \(String(describing: error))")
        }
        // Unaligned raw data (the protobuf field starts at any byte) reads correctly.
        var unaligned = Self.graph("Add", initializers: ["b": Tensor.ones([3])])
        var bytes = Data()
        for v: Float in [1.5, -2, 4] { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
        unaligned.graph.initializer[0].floatData = []
        unaligned.graph.initializer[0].rawData = bytes
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("raw-\(UUID()).onnx")
        defer { try? FileManager.default.removeItem(at: url) }
        try unaligned.serializedData().write(to: url)
        #expect(try ONNXModel(contentsOf: url)(Tensor.zeros([1, 3])).scalars == [1.5, -2, 4])
    }

    /// A seeded mutation of an exported LeNet per run: an integer attribute, an initializer's
    /// dimensions or a node's input replaced by an odd value. Each file either runs or throws ONNXError.
    @Test func mutatedExportedModelsRunOrThrowTypedErrors() throws {
        Random.seed(5)
        let model = LeNet5()
        model.eval()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mutate-\(UUID()).onnx")
        defer { try? FileManager.default.removeItem(at: url) }
        try model.exportONNX(to: url, example: Tensor.randn([1, 1, 28, 28]))
        let original = try Onnx_ModelProto(serializedBytes: Data(contentsOf: url))
        let odd: [Int64] = [-3, -1, 0, 1, 2, 3, 1000, 1 << 40, Int64.max, Int64.min]
        var generator = Generator(seed: 9)
        var (ran, failed) = (0, 0)
        for _ in 0..<300 {
            var mutated = original
            let n = Int.random(in: 0..<mutated.graph.node.count, using: &generator)
            switch Int.random(in: 0..<4, using: &generator) {
            case 0 where !mutated.graph.node[n].attribute.isEmpty:
                let a = Int.random(in: 0..<mutated.graph.node[n].attribute.count, using: &generator)
                let value = odd.randomElement(using: &generator)!
                mutated.graph.node[n].attribute[a].i = value
                if !mutated.graph.node[n].attribute[a].ints.isEmpty {
                    let i = Int.random(in: 0..<mutated.graph.node[n].attribute[a].ints.count, using: &generator)
                    mutated.graph.node[n].attribute[a].ints[i] = value
                }
            case 1 where !mutated.graph.initializer.isEmpty:
                let t = Int.random(in: 0..<mutated.graph.initializer.count, using: &generator)
                if mutated.graph.initializer[t].dims.isEmpty { mutated.graph.initializer[t].dims = [1] }
                let d = Int.random(in: 0..<mutated.graph.initializer[t].dims.count, using: &generator)
                mutated.graph.initializer[t].dims[d] = odd.randomElement(using: &generator)!
            case 2 where !mutated.graph.node[n].input.isEmpty:
                let other = mutated.graph.node.randomElement(using: &generator)!.output.first ?? "input"
                mutated.graph.node[n].input[Int.random(in: 0..<mutated.graph.node[n].input.count, using: &generator)] = other
            default:
                mutated.graph.node.swapAt(n, Int.random(in: 0..<mutated.graph.node.count, using: &generator))
            }
            let side = [28, 5, 1].randomElement(using: &generator)!
            if try Self.outcome(mutated, Tensor.randn([1, 1, side, side])) == nil { ran += 1 } else { failed += 1 }
        }
        #expect(ran + failed == 300)
        #expect(failed > 100, "the mutations should mostly break the model: \(failed) of 300 failed")
    }
}
