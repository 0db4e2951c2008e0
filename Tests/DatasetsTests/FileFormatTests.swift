import FileIO
import Foundation
import Testing
import Tensors
@testable import Datasets

@Suite struct FileFormatTests {
    @Test(arguments: [false, true]) func idxRoundTrip(compressed: Bool) throws {
        let dir = try temporaryDirectory()
        let images = Tensor((0..<24).map { Double($0 * 10) }, shape: [2, 3, 4], dtype: .float32)
        let path = dir + "/images-idx3-ubyte" + (compressed ? ".gz" : "")
        try IDXArray(images, as: .uint8).write(to: URL(fileURLWithPath: path), compressed: compressed)
        let read = try IDXArray.read(URL(fileURLWithPath: path))
        #expect(read.elementType == .uint8 && read.shape == [2, 3, 4])
        #expect(read.tensor().scalars == images.scalars)
        #expect(abs(read.tensor(scale: 1.0 / 255).scalars.max()! - Float(230) / 255) < 1e-6)
        #expect(Gzip.isCompressed(try Files.read(path)) == compressed)
    }

    @Test func idxStoresSignedAndFloatTypes() throws {
        let values = Tensor([-3, 1.5, 1e6, -0.25], shape: [4], dtype: .float64)
        for type in [IDXArray.ElementType.float32, .float64] {
            let back = try IDXArray(bytes: IDXArray(values, as: type).bytes)
            #expect(back.tensor(.float64).doubles == values.doubles)
        }
        let ints = try IDXArray(bytes: IDXArray(Tensor(ints: [-7, 300, -40000]), as: .int32).bytes)
        #expect(ints.tensor(.int64).ints == [-7, 300, -40000])
        #expect(try IDXArray(bytes: IDXArray(Tensor(ints: [-7, 100]), as: .int8).bytes).tensor(.int64).ints == [-7, 100])
    }

    @Test func idxErrorsNameTheProblem() throws {
        let dir = try temporaryDirectory()
        #expect(throws: DatasetError.fileNotFound(path: dir + "/missing")) { try IDXArray.read(URL(fileURLWithPath: dir + "/missing")) }

        let bad = dir + "/bad"
        try Data("hello world".utf8).write(to: URL(fileURLWithPath: bad))
        #expect { try IDXArray.read(URL(fileURLWithPath: bad)) } throws: { error in
            guard case .badMagicNumber(let path, _, let found) = error as? DatasetError else { return false }
            return path == bad && found == "0x68656C6C"
        }

        let full = IDXArray(Tensor(ints: Array(0..<100), shape: [10, 10]), as: .uint8).bytes
        let cut = dir + "/cut"
        try Data(full.prefix(50)).write(to: URL(fileURLWithPath: cut))
        #expect(throws: DatasetError.truncated(path: cut, expectedBytes: 112, actualBytes: 50)) { try IDXArray.read(URL(fileURLWithPath: cut)) }

        let cutGzip = dir + "/cut.gz"
        let compressed = Gzip.compress(full)
        try Data(compressed.prefix(compressed.count / 2)).write(to: URL(fileURLWithPath: cutGzip))
        #expect { try IDXArray.read(URL(fileURLWithPath: cutGzip)) } throws: { error in
            if case .truncated = error as? DatasetError { return true } else { return false }
        }
        // The error message carries the path.
        do { _ = try IDXArray.read(URL(fileURLWithPath: cut)); Issue.record("expected an error") } catch {
            #expect("\(error)".contains(cut) && "\(error)".contains("truncated"))
        }
    }

    @Test func mnistDirectoryReadsStandardFileNames() throws {
        let dir = try temporaryDirectory()
        let images = Tensor((0..<(3 * 28 * 28)).map { Double($0 % 256) }, shape: [3, 28, 28], dtype: .float32)
        for prefix in ["train", "t10k"] {
            try IDXArray(images, as: .uint8).write(to: URL(fileURLWithPath: "\(dir)/\(prefix)-images-idx3-ubyte.gz"), compressed: true)
            try IDXArray(Tensor(ints: [7, 2, 1]), as: .uint8).write(to: URL(fileURLWithPath: "\(dir)/\(prefix)-labels-idx1-ubyte"))
        }
        let mnist = try MNIST(directory: URL(fileURLWithPath: dir))
        #expect(mnist.train.inputs.shape == [3, 1, 28, 28])
        #expect(mnist.test.targets.ints == [7, 2, 1])
        #expect(mnist.train.inputs.scalars[255] == 1)

        // Labels that do not match the images are a shape mismatch; a missing file is named.
        try IDXArray(Tensor(ints: [7, 2]), as: .uint8).write(to: URL(fileURLWithPath: "\(dir)/t10k-labels-idx1-ubyte"))
        #expect { try MNIST(directory: URL(fileURLWithPath: dir)) } throws: { error in
            if case .shapeMismatch = error as? DatasetError { return "\(error)".contains("2 labels for 3 images") } else { return false }
        }
        try FileManager.default.removeItem(atPath: "\(dir)/t10k-labels-idx1-ubyte")
        #expect(throws: DatasetError.fileNotFound(path: "\(dir)/t10k-labels-idx1-ubyte(.gz)")) { try MNIST(directory: URL(fileURLWithPath: dir)) }
    }

    @Test func csvReadsNumbersAndReportsBadLines() throws {
        let table = try CSVTable(text: "a, b, label\n1, 2.5, 0\n\n3,-4e1,1\r\n", hasHeader: true)
        #expect(table.header == ["a", "b", "label"])
        #expect(table.rows == 2 && table.columns == 3)
        #expect(table.values == [1, 2.5, 0, 3, -40, 1])
        let data = table.dataset()
        #expect(data.inputs.shape == [2, 2] && data.inputs.scalars == [1, 2.5, 3, -40])
        #expect(data.targets.dtype == .int64 && data.targets.ints == [0, 1])

        #expect(throws: DatasetError.badCSV(path: "<memory>", line: 2, reason: "3 fields, expected 2 like the lines before")) {
            try CSVTable(text: "1,2\n3,4,5\n")
        }
        #expect(throws: DatasetError.badCSV(path: "<memory>", line: 1, reason: "\"x\" is not a number")) {
            try CSVTable(text: "1,x\n")
        }
        let dir = try temporaryDirectory()
        try Files.writeAtomically(Gzip.compress(Array("1;2\n3;4\n".utf8)), to: dir + "/t.csv.gz")
        #expect(try CSVTable.read(URL(fileURLWithPath: dir + "/t.csv.gz"), delimiter: ";").tensor().scalars == [1, 2, 3, 4])
    }

    @Test func csvRecordsFollowRFC4180() {
        let text = "name,note\r\n\"Lee, A.\",\"said \"\"hi\"\"\nand left\"\n\nplain,\"\"\n\"\"\n\"open,to the end"
        #expect(
            CSV.records(in: text) == [
                CSV.Record(line: 1, fields: ["name", "note"]),
                CSV.Record(line: 2, fields: ["Lee, A.", "said \"hi\"\nand left"]),
                CSV.Record(line: 5, fields: ["plain", ""]),
                CSV.Record(line: 6, fields: [""]),
                CSV.Record(line: 7, fields: ["open,to the end"]),
            ])
        let fields = ["a", "b;c", "say \"hi\"", "two\nlines", ""]
        #expect(CSV.line(fields, delimiter: ";") == "a;\"b;c\";\"say \"\"hi\"\"\";\"two\nlines\";")
        #expect(CSV.records(in: CSV.line(fields, delimiter: ";"), delimiter: ";").map(\.fields) == [fields])
    }

    @Test func csvTableReadsQuotedFieldsAndCountsLinesInsideThem() throws {
        let table = try CSVTable(text: "\"width, cm\",label\n\"1.5\",0\n", hasHeader: true)
        #expect(table.header == ["width, cm", "label"] && table.values == [1.5, 0])
        // The bad record starts on line 4: the quoted header spans lines 1-2.
        #expect(throws: DatasetError.badCSV(path: "<memory>", line: 4, reason: "\"x\" is not a number")) {
            try CSVTable(text: "\"a\nb\",c\n1,2\nx,3\n", hasHeader: true)
        }
    }

    @Test func imageFolderLabelsBySubfolder() throws {
        let dir = try temporaryDirectory()
        for (name, value) in [("cat", 10), ("dog", 200)] {
            for i in 0..<2 {
                let image = PNGImage(width: 4, height: 3, channels: 3, pixels: Array(repeating: UInt8(value + i), count: 36))
                try image.write(to: URL(fileURLWithPath: "\(dir)/\(name)/\(i).png"))
            }
        }
        try Data("not an image".utf8).write(to: URL(fileURLWithPath: dir + "/dog/notes.txt"))
        let folder = try ImageFolder(directory: URL(fileURLWithPath: dir))
        #expect(folder.classes == ["cat", "dog"])
        #expect(folder.count == 4)
        #expect(folder.images.inputs.shape == [4, 3, 3, 4])
        #expect(folder.images.targets.ints == [0, 0, 1, 1])
        #expect(folder.example(3).input.scalars.allSatisfy { $0 == Float(201) / 255 })
        let grey = try ImageFolder(directory: URL(fileURLWithPath: dir), channels: 1)
        #expect(grey.images.inputs.shape == [4, 1, 3, 4])
        let batch = try #require(DataLoader(folder, batchSize: 4).makeIterator().next())
        #expect(batch.target.ints == [0, 0, 1, 1])

        // Mixed sizes are reported with the file that differs.
        try PNGImage(width: 5, height: 3, channels: 3, pixels: Array(repeating: 0, count: 45)).write(to: URL(fileURLWithPath: "\(dir)/dog/2.png"))
        #expect { try ImageFolder(directory: URL(fileURLWithPath: dir)) } throws: { error in
            if case .shapeMismatch(let path, _) = error as? DatasetError { return path.hasSuffix("dog/2.png") } else { return false }
        }
        #expect(throws: DatasetError.self) { try ImageFolder(directory: URL(fileURLWithPath: dir + "/cat")) }
    }
}
