import Foundation
import Testing
import Workbook
@testable import NN

/// Hand-made broken checkpoints (and the inputs the fuzzer found): each throws a typed
/// error with a readable message, and a load that fails changes nothing.
@Suite struct BrokenCheckpointTests {
    /// A safetensors file with one raw JSON header and `dataBytes` zero bytes of data.
    static func file(header: String, dataBytes: Int = 16) -> Data {
        var json = Data(header.utf8)
        while json.count % 8 != 0 { json.append(0x20) }
        var out = Data()
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { out.append(contentsOf: $0) }
        return out + json + Data(count: dataBytes)
    }

    static func decodeError(_ header: String) -> String? {
        do { _ = try SafeTensors.decode(file(header: header), source: "bad.safetensors"); return nil } catch {
            return (error as? CheckpointError)?.description ?? "untyped: \(error)"
        }
    }

    @Test func shapesThatOverflowAreInvalidHeaders() {
        let huge = [
            #"{"w":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,16]}}"#,
            #"{"w":{"dtype":"F64","shape":[2305843009213693952],"data_offsets":[0,16]}}"#,
            #"{"w":{"dtype":"F32","shape":[0,4294967295,4294967295,4294967295],"data_offsets":[0,0]}}"#,
        ]
        for header in huge {
            let message = Self.decodeError(header)
            #expect(message?.contains("invalid safetensors header") == true, "\(message ?? "decoded")")
        }
    }

    @Test func offsetsThatAreNotIntegersAreNamed() {
        let message = Self.decodeError(#"{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,1e30]}}"#)
        #expect(message?.contains("entry w data_offsets: 1e+30 is not an integer") == true, "\(message ?? "no error")")
        #expect(message?.contains("-9223372036854775808") == false)
        #expect(Self.decodeError(#"{"w":{"dtype":"F32","shape":[2.5],"data_offsets":[0,16]}}"#) != nil)
    }

    @Test func aDirectoryIsReportedAsADirectory() throws {
        let folder = try temporaryDirectory()
        #expect { try SafeTensors.read(from: folder) } throws: { error in
            let text = "\(error)"
            return text.contains("is a directory") && !text.contains("NSCocoaErrorDomain")
        }
    }

    static func model() -> Sequential {
        Sequential {
            Linear(3, 4); BatchNorm1d(4); Linear(4, 2)
        }
    }

    /// Saves a checkpoint of a fresh model and Adam after one step, with `edit` applied to its tensors.
    static func checkpoint(_ edit: (inout [String: Tensor]) -> Void) throws -> URL {
        let model = model(), optimizer = Adam(model.parameters(), lr: 0.01)
        let loss = model(Tensor.randn([5, 3])).sum()
        optimizer.zeroGrad(); loss.backward(); optimizer.step()
        let url = try temporaryDirectory().appendingPathComponent("c.safetensors")
        try Checkpoint.save(model: model, optimizer: optimizer, to: url)
        var tensors = try SafeTensors.read(from: url)
        edit(&tensors)
        try SafeTensors.write(tensors, to: url)
        return url
    }

    @Test func badValuesThrowAndChangeNothing() throws {
        let cases: [(String, Tensor)] = [
            ("optimizer.lr", Tensor([0.1, 0.2], shape: [2], dtype: .float64)),
            ("optimizer.lr", Tensor(Double.nan, dtype: .float64)),
            ("optimizer.state.0.step", Tensor(ints: [Int.max], shape: [])),
            ("optimizer.state.0.step", Tensor(ints: [-1], shape: [])),
            ("model.1.numBatchesTracked", Tensor(ints: [Int.max], shape: [])),
            ("random.generator", Tensor(ints: [0, 0, 0, 0])),
        ]
        for (name, value) in cases {
            try Random.withSeed(1) {
                let url = try Self.checkpoint {
                    #expect($0[name] != nil, "\(name)"); $0[name] = value
                }
                let model = Self.model(), optimizer = Adam(model.parameters(), lr: 0.5)
                let before = model.stateDict().mapValues(\.doubles), generator = Random.generator.state
                #expect(throws: CheckpointError.self, "\(name)") { try Checkpoint.load(from: url, model: model, optimizer: optimizer) }
                #expect(model.stateDict().mapValues(\.doubles) == before)
                #expect(optimizer.lr == 0.5 && optimizer.states.allSatisfy { $0.step == 0 })
                #expect(Random.generator.state == generator)
            }
        }
    }

    /// The model section fits but the optimizer section does not: the model must stay as it was.
    @Test func aMismatchedOptimizerLeavesTheModelUntouched() throws {
        let url = try Self.checkpoint { $0["optimizer.state.0.exp_avg"] = Tensor.zeros([7]) }
        let model = Self.model(), optimizer = Adam(model.parameters(), lr: 0.5)
        let before = model.stateDict().mapValues(\.doubles)
        #expect(throws: CheckpointError.self) { try Checkpoint.load(from: url, model: model, optimizer: optimizer) }
        #expect(model.stateDict().mapValues(\.doubles) == before)
    }

    @Test func batchNormCounterSaturatesInsteadOfTrapping() {
        let norm = BatchNorm1d(2)
        norm.numBatchesTracked.assign(Tensor(ints: [Int.max], shape: []))
        _ = norm(Tensor.randn([4, 2]))
        #expect(norm.numBatchesTracked.ints == [Int.max])
    }

    /// Every crash input the fuzzer found (Fixtures/Fuzz/safetensors-*, checkpoint-*) now throws or loads.
    @Test func fuzzFindingsLoadOrThrow() throws {
        let folder = try Fixtures.url("Fuzz", in: .module)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        for name in names {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            guard let (tensors, _) = try? SafeTensors.decode(data, source: name) else { continue }
            let model = Self.model(), optimizer = Adam(model.parameters(), lr: 1e-3)
            guard (try? Checkpoint.apply(tensors, model: model, optimizer: optimizer, restoreRandom: false)) != nil else { continue }
            let loss = model(Tensor.randn([5, 3])).sum()
            optimizer.zeroGrad(); loss.backward(); optimizer.step()
        }
    }
}
