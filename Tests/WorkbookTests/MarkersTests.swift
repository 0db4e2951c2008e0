import Testing
@testable import Workbook

@Suite struct MarkersTests {
    let exercise = sampleExercise()

    @Test func stubDescribesTheExerciseAndItsSection() {
        let error = ExerciseError.notImplemented(id: "M01-E03", title: "softmax backward", doc: "Docs/M01.md#m01-e03")
        #expect(error.description == "M01-E03 softmax backward is not implemented yet, see Docs/M01.md#m01-e03")
        #expect(exercise.notImplementedMessage == error.description)
    }

    @Test func solutionRegionsBecomeStubsWithTheirIndentation() throws {
        let source = """
        import Tensors

        func softmaxBackward(_ p: Double) throws -> Double {
            let keep = p
            // BEGIN SOLUTION
            let secret = keep * (1 - keep)
            return secret
            // END SOLUTION
        }
        """
        let stubbed = try Markers.stubbingSolutions(in: source, for: exercise).text
        #expect(!stubbed.contains("secret"))
        #expect(!stubbed.contains("BEGIN SOLUTION"))
        #expect(stubbed.contains("    let keep = p"))
        #expect(stubbed.contains("\n    throw ExerciseError.notImplemented(id: \"M01-E03\", title: \"softmax backward\", doc: \"Docs/M01.md#m01-e03\")\n"))
        #expect(stubbed.hasPrefix("import Workbook\n"), "the stub needs ExerciseError")
    }

    @Test func fileThatImportsWorkbookGetsNoSecondImport() throws {
        let source = "import Workbook\nfunc f() throws -> Int {\n    // BEGIN SOLUTION\n    1\n    // END SOLUTION\n}\n"
        let result = try Markers.stubbingSolutions(in: source, for: exercise)
        #expect(result.text.components(separatedBy: "import Workbook").count == 2)
        #expect(result.count == 1)
    }

    @Test func unbalancedMarkersNameTheLine() {
        let open = "func f() throws {\n    // BEGIN SOLUTION\n    x()\n}\n"
        #expect(throws: CourseError.badMarkers(file: exercise.file, line: 2, reason: "// BEGIN SOLUTION is never closed by // END SOLUTION")) {
            try Markers.stubbingSolutions(in: open, for: exercise)
        }
        let nested = "// BEGIN SOLUTION\n// BEGIN SOLUTION\n// END SOLUTION\n"
        #expect(throws: CourseError.self) { try Markers.stubbingSolutions(in: nested, for: exercise) }
        #expect(throws: CourseError.self) { try Markers.stubbingSolutions(in: "func f() {}\n", for: exercise) }
    }

    @Test func hiddenRegionsDisappearWithTheirMarkers() throws {
        let source = "@Suite struct A {}\n// BEGIN HIDDEN TESTS\n@Suite struct M01_E03_Hidden {}\n// END HIDDEN TESTS\nlet tail = 1\n"
        let (text, count) = try Markers.removingHiddenTests(from: source, file: "Tests/M01Tests/T.swift")
        #expect(count == 1)
        #expect(text == "@Suite struct A {}\nlet tail = 1\n")
    }

    @Test func hiddenTestFilesAreRecognisedByName() {
        #expect(Markers.isHiddenTestFile("Tests/M01Tests/E03_SoftmaxHiddenTests.swift"))
        #expect(!Markers.isHiddenTestFile("Tests/M01Tests/E03_SoftmaxTests.swift"))
        #expect(!Markers.isHiddenTestFile("Lessons/M01/Hidden.swift"))
    }

    @Test func testFilterSelectsTheExerciseSuitesOnly() {
        #expect(exercise.testFilter == #"^M01Tests\.M01_E03(_Hidden)?$"#)
        #expect(exercise.owns(testID: "M01Tests.M01_E03/sums()/F.swift:3:4"))
        #expect(exercise.owns(testID: "M01Tests.M01_E03_Hidden/edge()/F.swift:3:4"))
        #expect(!exercise.owns(testID: "M01Tests.M01_E031/sums()/F.swift:3:4"))
        #expect(!exercise.owns(testID: "M02Tests.M01_E03/sums()"))
        #expect(Exercise.isHidden(testID: "M01Tests.M01_E03_Hidden/edge()"))
    }
}
