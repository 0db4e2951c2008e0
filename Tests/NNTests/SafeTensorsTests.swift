import Foundation
import Testing
import Workbook
@testable import NN

@Suite struct SafeTensorsTests {
    @Test func readsAFileWrittenByTorch() throws {
        let (tensors, metadata) = try SafeTensors.readWithMetadata(from: Fixtures.url("torch_written.safetensors", in: .module))
        #expect(metadata == ["format": "pt", "source": "torch"])
        let w = try #require(tensors["weight"]), b = try #require(tensors["bias"])
        let i = try #require(tensors["index"]), s = try #require(tensors["scalar"])
        #expect(w.dtype == .float32 && w.shape == [2, 3] && w.scalars == [1.5, -2, 0.25, 3, 0, -0.125])
        #expect(b.dtype == .float64 && b.doubles == [Double.pi, -M_E, 1e-300])
        #expect(i.dtype == .int64 && i.ints == [0, -1, 1 << 40, 7])
        #expect(s.shape == [] && s.item == 2.5)
    }

    @Test func loadsATorchStateDictIntoTheSameArchitecture() throws {
        let model = Sequential {
            Linear(4, 3); ReLU(); Linear(3, 2)
        }
        try model.load(from: Fixtures.url("torch_model.safetensors", in: .module))
        let io = try JSONFixture.load("torch_model.json", from: .module)
        #expect(close(model(io["x"].record()), io["y"].record()))
    }

    /// The tensors behind Fixtures/swift_written.safetensors (new ones for each test).
    static var swiftTensors: [String: Tensor] {
        [
            "alpha": Tensor([0, 0.5, -1.25, 3, 1e-3, -7.5], shape: [2, 3]),
            "beta": Tensor([Double.pi, -M_E], shape: [2], dtype: .float64),
            "gamma": Tensor(ints: [1, -2, 1 << 40]),
        ]
    }

    @Test func swiftWrittenFileIsByteStableAndReadByPython() throws {
        let bytes = SafeTensors.encode(Self.swiftTensors, metadata: ["writer": "swift"])
        if ProcessInfo.processInfo.environment["NN_REGENERATE_FIXTURES"] == "1" {
            let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/swift_written.safetensors")
            try bytes.write(to: source)
        }
        #expect(
            try Data(contentsOf: Fixtures.url("swift_written.safetensors", in: .module)) == bytes,
            "the committed file differs from what the writer produces; regenerate as generate_fixtures.py describes")
        // What Python's safetensors read from the committed file.
        let check = try JSONFixture.load("swift_written_check.json", from: .module)
        #expect(check["metadata"].object.mapValues(\.string) == ["writer": "swift"])
        let seen = check["tensors"]
        #expect(Set(seen.keys) == Set(Self.swiftTensors.keys))
        for (name, t) in Self.swiftTensors {
            let entry = seen[name]
            #expect(entry["dtype"].string == ["float32": "float32", "float64": "float64", "int64": "int64"][t.dtype.description])
            #expect(entry["shape"].ints == t.shape)
            // JSONDecoder reads the numbers Python wrote exactly.
            #expect(entry["values"].doubles == t.doubles)
        }
    }

    @Test func roundTripsEveryDTypeAtomically() throws {
        let dir = try temporaryDirectory()
        let url = dir.appendingPathComponent("model.safetensors")
        Random.seed(7)
        let tensors = [
            "a.weight": Tensor.randn([3, 4]), "b": Tensor.randn([2], dtype: .float64),
            "steps": Tensor(ints: [3], shape: []), "empty": Tensor.zeros([0, 2]),
        ]
        try SafeTensors.write(tensors, metadata: ["epoch": "3", "note": "quote \" and \\ and\nnewline"], to: url)
        try SafeTensors.write(tensors, metadata: ["epoch": "3", "note": "quote \" and \\ and\nnewline"], to: url)  // replaces
        let (back, metadata) = try SafeTensors.readWithMetadata(from: url)
        #expect(metadata["note"] == "quote \" and \\ and\nnewline")
        for (name, t) in tensors {
            #expect(back[name]?.shape == t.shape && back[name]?.dtype == t.dtype && back[name]?.doubles == t.doubles)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["model.safetensors"])  // no temporary files left
        let data = try Data(contentsOf: url)
        let headerLength = data.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        #expect(headerLength % 8 == 0)
    }

    // MARK: Bad input

    private func write(_ bytes: Data) throws -> URL {
        let url = try temporaryDirectory().appendingPathComponent("bad.safetensors")
        try bytes.write(to: url)
        return url
    }

    private func header(_ json: String, data: Int = 0) -> Data {
        var out = Data()
        withUnsafeBytes(of: UInt64(json.utf8.count).littleEndian) { out.append(contentsOf: $0) }
        return out + Data(json.utf8) + Data(count: data)
    }

    @Test func badFilesThrowClearErrors() throws {
        let valid = SafeTensors.encode(Self.swiftTensors, metadata: [:])

        let truncated = try write(valid.prefix(valid.count - 5))
        #expect { try SafeTensors.read(from: truncated) } throws: { error in
            guard case .truncated(_, let reason)? = error as? CheckpointError else { return false }
            return reason.contains("gamma")
        }
        #expect(throws: CheckpointError.self) { try SafeTensors.read(from: write(valid.prefix(5))) }

        let corrupted = try write(header("{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]", data: 4))
        #expect { try SafeTensors.read(from: corrupted) } throws: { error in
            guard case .invalidHeader(_, let reason)? = error as? CheckpointError else { return false }
            return reason.contains("not valid JSON")
        }

        var pastEnd = valid
        pastEnd.replaceSubrange(0..<8, with: withUnsafeBytes(of: UInt64(1 << 40).littleEndian) { Data($0) })
        #expect { try SafeTensors.read(from: write(pastEnd)) } throws: { error in
            guard case .truncated(_, let reason)? = error as? CheckpointError else { return false }
            return reason.contains("runs past the end")
        }

        // Each malformed header names what is wrong and where.
        for (json, expected) in [
            ("[1, 2]", "the header is not a JSON object"),
            (#"{"a":{"dtype":"F32","shape":[1]}}"#, "entry a needs data_offsets"),
            (#"{"a":{"dtype":"F32","shape":[2.5],"data_offsets":[0,4]}}"#, "entry a shape: 2.5 is not an integer"),
            (#"{"a":{"dtype":"F32","shape":[1e30],"data_offsets":[0,4]}}"#, "entry a shape: 1e+30 is not an integer"),
            (#"{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#, "entry a needs a shape of non-negative integers"),
            (#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0]}}"#, "two data_offsets"),
            (#"{"__metadata__":{"epoch":3}}"#, "__metadata__ epoch must be"),
        ] {
            #expect { try SafeTensors.read(from: write(header(json, data: 4))) } throws: { error in
                guard case .invalidHeader(_, let reason)? = error as? CheckpointError else { return false }
                return reason.hasPrefix(expected) || reason.contains(expected)
            }
        }

        let wrongSize = try write(header("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", data: 4))
        #expect(throws: CheckpointError.self) { try SafeTensors.read(from: wrongSize) }
        let bytes = try write(header("{\"a\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[0,4]}}", data: 4))
        #expect(throws: CheckpointError.unsupportedDType(name: "a", dtype: "U8")) { try SafeTensors.read(from: bytes) }

        let missing = URL(fileURLWithPath: "/nonexistent/folder/model.safetensors")
        #expect(throws: CheckpointError.fileNotFound(path: missing.path)) { try Linear(2, 2).load(from: missing) }
    }

    @Test func aCheckpointOfAnotherModelListsEveryMismatch() throws {
        let url = try temporaryDirectory().appendingPathComponent("other.safetensors")
        try Sequential {
            Linear(4, 3); ReLU(); Linear(3, 2, bias: false)
        }.save(to: url)
        let model = Sequential {
            Linear(4, 5); ReLU(); Linear(5, 2)
        }
        let before = model.stateDict().mapValues(\.scalars)
        #expect { try model.load(from: url) } throws: { error in
            guard case .mismatch(let problems)? = error as? CheckpointError else { return false }
            return problems == [
                .shape(name: "0.weight", expected: [5, 4], found: [3, 4]),
                .shape(name: "0.bias", expected: [5], found: [3]),
                .shape(name: "2.weight", expected: [2, 5], found: [2, 3]),
                .missing(name: "2.bias", shape: [2]),
            ] && "\(error)".contains("4 problems")
        }
        #expect(model.stateDict().mapValues(\.scalars) == before)  // nothing was changed
        try Sequential {
            Linear(4, 3); ReLU(); Linear(3, 2, bias: false)
        }.load(from: url)  // the same architecture loads
        #expect(throws: CheckpointError.self) { try Linear(4, 3).loadStateDict(["weight": Tensor.zeros([3, 4], dtype: .float64), "bias": Tensor.zeros([3])]) }
    }

    @Test func resumingFromACheckpointContinuesWithIdenticalNumbers() throws {
        func makeModel() -> Sequential {
            Sequential {
                Linear(3, 8); BatchNorm1d(8); ReLU(); Linear(8, 2)
            }
        }
        Random.seed(8)
        let x = Tensor.randn([16, 3]), y = Tensor(ints: (0..<16).map { $0 % 2 })
        func train(_ model: Module, _ opt: Optimizer, steps: Range<Int>) {
            for step in steps {
                let rows = Tensor(ints: (0..<8).map { ($0 + step) % 16 })
                let loss = crossEntropy(model(x.indexSelect(axis: 0, rows)), y.indexSelect(axis: 0, rows))
                opt.zeroGrad(); loss.backward(); opt.step()
            }
        }
        Random.seed(9)
        let straight = makeModel()
        let initial = straight.stateDict().mapValues { $0.clone() }
        let straightOpt = Adam(straight.parameters(), lr: 0.01, amsgrad: true)
        train(straight, straightOpt, steps: 0..<10)

        let first = makeModel()
        try first.loadStateDict(initial)
        let firstOpt = Adam(first.parameters(), lr: 0.01, amsgrad: true)
        train(first, firstOpt, steps: 0..<5)
        let url = try temporaryDirectory().appendingPathComponent("resume.safetensors")
        try Checkpoint.save(model: first, optimizer: firstOpt, metadata: ["step": "5"], to: url)

        let resumed = makeModel()
        let resumedOpt = Adam(resumed.parameters(), lr: 0.5, amsgrad: true)
        #expect(try Checkpoint.load(from: url, model: resumed, optimizer: resumedOpt).metadata == ["step": "5"])
        train(resumed, resumedOpt, steps: 5..<10)
        for (name, t) in straight.stateDict() {
            #expect(resumed.stateDict()[name]!.doubles == t.doubles, "\(name)")
        }
    }
}
