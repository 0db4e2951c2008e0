import Foundation
import Testing
@testable import Interop
import NN
import Tensors

/// PyTorch state dicts and 16-bit safetensors, checked against files written by torch.
@Suite struct PyTorchCheckpointTests {
    static let expectedDTypes: [String: DType] = ["state_dict.linear.bias": .float64, "state_dict.steps": .int64, "state_dict.counts": .int64]

    /// Every tensor of a zip-format and a legacy-format `torch.save` file: names (nested
    /// dicts dotted, non-tensors skipped), shapes, dtypes and exact values, including
    /// float16/bfloat16 (widened exactly), int32/int64 and strided views of a shared storage.
    @Test(arguments: ["checkpoint.pth", "checkpoint_legacy.pth"])
    func readsEveryTensorExactly(_ file: String) throws {
        let expected = try fixture("checkpoint.json", as: [String: ExpectedTensor].self)
        let tensors = try PyTorchCheckpoint.read(from: fixtureURL(file))
        #expect(Set(tensors.keys) == Set(expected.keys))
        for (name, e) in expected {
            let t = try #require(tensors[name])
            #expect(t.shape == e.shape, "\(name)")
            #expect(t.dtype == (Self.expectedDTypes[name] ?? .float32), "\(name)")
            #expect(t.doubles == e.values, "\(name)")
        }
    }

    /// A pickle that names `os.system` is refused before anything is called, and the error names it.
    @Test func refusesGlobalsOutsideTheAllowedList() throws {
        #expect {
            try PyTorchCheckpoint.read(from: fixtureURL("forbidden.pth"))
        } throws: { error in
            guard case let .pickle(_, .forbiddenGlobal(name)) = error as? PyTorchCheckpointError else { return false }
            return name.hasSuffix(".system") && "\(error)".contains("system")
        }
    }

    /// Cut-off and foreign files give typed errors, never a crash.
    @Test func damagedFilesThrowTypedErrors() throws {
        let bytes = [UInt8](try Data(contentsOf: fixtureURL("checkpoint.pth")))
        let legacy = [UInt8](try Data(contentsOf: fixtureURL("checkpoint_legacy.pth")))
        for damaged in [
            Array(bytes.prefix(bytes.count / 2)), Array(legacy.prefix(legacy.count - 10)), Array(legacy.prefix(200)),
            [UInt8]("not a checkpoint".utf8), [], Array(bytes.prefix(4)),
        ] {
            #expect(throws: PyTorchCheckpointError.self) { try PyTorchCheckpoint.decode(damaged, source: "damaged") }
        }
        #expect(throws: PyTorchCheckpointError.fileNotFound(path: "/no/such.pth")) {
            try PyTorchCheckpoint.read(from: URL(fileURLWithPath: "/no/such.pth"))
        }
    }

    /// 2,000 copies with random bytes overwritten either read or throw; none crashes.
    @Test func corruptedBytesNeverCrash() throws {
        var rng = Generator(seed: 42)
        for file in ["checkpoint.pth", "checkpoint_legacy.pth", "forbidden.pth"] {
            let original = [UInt8](try Data(contentsOf: fixtureURL(file)))
            for _ in 0..<(file == "forbidden.pth" ? 200 : 900) {
                var bytes = original
                for _ in 0..<Int(rng.next() % 4 + 1) { bytes[Int(rng.next() % UInt64(bytes.count))] = UInt8(rng.next() & 0xff) }
                _ = try? PyTorchCheckpoint.decode(bytes, source: "fuzz")
            }
        }
    }

    /// PyTorch's snake_case buffer names map onto the library's camelCase ones.
    @Test func loadsIntoAModuleByName() throws {
        let model = Sequential {
            Linear(3, 2); BatchNorm1d(2)
        }
        let torchNames: [String: Tensor] = [
            "0.weight": Tensor([1, 2, 3, 4, 5, 6], shape: [2, 3]), "0.bias": Tensor([0.5, -0.5]),
            "1.weight": Tensor([2, 3]), "1.bias": Tensor([0, 1]), "1.running_mean": Tensor([0.25, 0.75]),
            "1.running_var": Tensor([4, 9]), "1.num_batches_tracked": Tensor(ints: [7], shape: []),
        ]
        try model.loadStateDict(model.renamedForLibrary(torchNames))
        let state = model.stateDict()
        #expect(state["1.runningMean"]?.scalars == [0.25, 0.75])
        #expect(state["1.numBatchesTracked"]?.doubles == [7])
        #expect(state["0.weight"]?.scalars == [1, 2, 3, 4, 5, 6])
    }
}

@Suite struct HalfPrecisionTests {
    /// Every one of the 65,536 float16 bit patterns survives float16 -> float32 -> float16
    /// (NaNs stay NaN), and bfloat16 likewise.
    @Test func everySixteenBitPatternRoundTrips() {
        for bits in 0...UInt16.max {
            let h = HalfPrecision.float(fromHalf: bits), b = HalfPrecision.float(fromBFloat16: bits)
            if h.isNaN {
                #expect(HalfPrecision.float(fromHalf: HalfPrecision.half(from: h)).isNaN)
            } else if HalfPrecision.half(from: h) != bits {
                Issue.record("float16 \(bits) -> \(h) -> \(HalfPrecision.half(from: h))")
            }
            if b.isNaN {
                #expect(HalfPrecision.float(fromBFloat16: HalfPrecision.bfloat16(from: b)).isNaN)
            } else if HalfPrecision.bfloat16(from: b) != bits {
                Issue.record("bfloat16 \(bits) -> \(b)")
            }
        }
    }

    /// Rounding to nearest, ties to even, overflow to infinity, subnormals.
    @Test func roundsToNearestEven() {
        #expect(HalfPrecision.half(from: 1 + 0x1p-11) == 0x3c00)  // tie -> even (1.0)
        #expect(HalfPrecision.half(from: 1 + 3 * 0x1p-11) == 0x3c02)  // tie -> even (1 + 2⁻⁹)
        #expect(HalfPrecision.half(from: 65520) == 0x7c00)  // rounds past 65504: infinity
        #expect(HalfPrecision.half(from: 65519) == 0x7bff)
        #expect(HalfPrecision.half(from: 0x1p-24) == 0x0001)  // smallest subnormal
        #expect(HalfPrecision.half(from: -0x1p-26) == 0x8000)  // -0
        #expect(HalfPrecision.bfloat16(from: 1 + 0x1p-8) == 0x3f80)  // tie -> even
        #expect(HalfPrecision.bfloat16(from: 1 + 3 * 0x1p-8) == 0x3f82)
    }

    /// F16 and BF16 tensors written by torch read as the exact float32 values torch gives.
    @Test func safetensorsReadsFloat16AndBFloat16() throws {
        let expected = try fixture("half.json", as: [String: ExpectedTensor].self)
        let tensors = try SafeTensors.read(from: fixtureURL("half.safetensors"))
        for (name, e) in expected {
            let t = try #require(tensors[name])
            #expect(t.dtype == .float32 && t.shape == e.shape)
            #expect(t.doubles == e.values, "\(name)")
        }
    }

    /// Writing in a 16-bit format halves the data and reads back within half a unit in the last place.
    @Test(arguments: [SafeTensors.FloatFormat.float16, .bfloat16])
    func safetensorsWritesSixteenBitFormats(_ format: SafeTensors.FloatFormat) throws {
        Random.seed(3)
        let w = Tensor.randn([64, 32]), steps = Tensor(ints: [1, 2, 3])
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("half-\(format.rawValue)-\(UUID()).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try SafeTensors.write(["w": w, "steps": steps], floatFormat: format, to: url)
        let back = try SafeTensors.read(from: url)
        let relative = format == .float16 ? 0x1p-11 : 0x1p-8
        for (a, b) in zip(w.scalars, back["w"]!.scalars) { #expect(abs(a - b) <= Float(relative) * abs(a) + 1e-7) }
        #expect(back["steps"]?.doubles == [1, 2, 3] && back["steps"]?.dtype == .int64)
        let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as! Int
        #expect(size < 64 * 32 * 2 + 400)
    }
}
