import Testing
@testable import CourseKit
@testable import Workbook

@Suite(.courseLanguage(.english)) struct MarkersTests {
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
        #expect(!Markers.isHiddenTestFile("Tests/WorkbookTests/SampleCourse/Tests/S01Tests/E03_SoftmaxHiddenTests.swift"))
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

/// Files that hold several exercises, as `Lessons/M01/Exercises/Optimizers.swift` does.
@Suite struct SharedExerciseFileTests {
    let momentum = sampleExercise(id: "M01-E06", title: "SGD with momentum")
    let adam = sampleExercise(id: "M01-E07", title: "Adam")

    @Test func regionsBelongToTheNearestDocCommentID() throws {
        let source = """
            /// M01-E06 · One step of SGD with momentum. Docs/M01.md#m01-e06
            func sgd() throws -> Int {
                // BEGIN SOLUTION
                return 6
                // END SOLUTION
            }

            /// M01-E07 · One step of Adam. Docs/M01.md#m01-e07
            /// Uses M01-E06's idea of a velocity.
            func adam() throws -> Int {
                // BEGIN SOLUTION
                return 7
                // END SOLUTION
            }
            """
        let (text, count) = try Markers.stubbingSolutions(in: source, for: [momentum, adam], file: "Optimizers.swift")
        #expect(count == 2)
        let stubs = text.split(separator: "\n").filter { $0.contains("throw ExerciseError") }
        #expect(stubs.count == 2)
        #expect(stubs[0].contains("\"M01-E06\"") && stubs[1].contains("\"M01-E07\""))
    }

    @Test func aMarkerMayNameItsExercise() throws {
        let source =
            "func f() throws -> Int {\n    // BEGIN SOLUTION M01-E07\n    7\n    // END SOLUTION\n}\n/// M01-E06\nfunc g() throws -> Int {\n    // BEGIN SOLUTION\n    6\n    // END SOLUTION\n}\n"
        let text = try Markers.stubbingSolutions(in: source, for: [momentum, adam], file: "F.swift").text
        #expect(text.contains("// YOUR CODE HERE (M01-E07") && text.contains("// YOUR CODE HERE (M01-E06"))
        #expect(throws: CourseError.self) {
            try Markers.stubbingSolutions(in: source.replacingOccurrences(of: "M01-E07", with: "M01-E99"), for: [momentum, adam], file: "F.swift")
        }
    }

    @Test func anUnattributedRegionOrAnExerciseWithoutRegionIsAnError() {
        let orphan = "func f() throws -> Int {\n    // BEGIN SOLUTION\n    7\n    // END SOLUTION\n}\n"
        #expect(
            throws: CourseError.badMarkers(file: "F.swift", line: 2, reason: "cannot tell which exercise this region belongs to; write // BEGIN SOLUTION <id>")
        ) {
            try Markers.stubbingSolutions(in: orphan, for: [momentum, adam], file: "F.swift")
        }
        let onlyOne = "/// M01-E06\nfunc f() throws -> Int {\n    // BEGIN SOLUTION\n    7\n    // END SOLUTION\n}\n"
        #expect(throws: CourseError.badMarkers(file: "F.swift", line: 1, reason: "exercise M01-E07 has no // BEGIN SOLUTION region")) {
            try Markers.stubbingSolutions(in: onlyOne, for: [momentum, adam], file: "F.swift")
        }
    }
}

@Suite struct InstructorSectionsTests {
    @Test func instructorRegionsLeaveTheStudentPage() throws {
        let page = """
            # Course

            Read [Students](Docs/Students.md).
            <!-- BEGIN INSTRUCTOR -->
            ## For instructors
            See [the guide](Docs/Instructors.md#grade).
            <!-- END INSTRUCTOR -->

            ## Layout
            """
        let (text, count) = try InstructorSections.removing(from: page, file: "README.md")
        #expect(count == 1)
        #expect(text == "# Course\n\nRead [Students](Docs/Students.md).\n\n## Layout")
        #expect(InstructorSections.linkedPaths(in: text, file: "README.md") == ["Docs/Students.md"])
    }

    @Test func linksResolveFromThePagesFolder() {
        let page = """
            [a](Instructors.md#grade) [b](../README.md) ![c](figures/m01.png "title")
            [web](https://example.org/x.md) [here](#anchor) [up](../../outside.md)
            """
        #expect(
            InstructorSections.linkedPaths(in: page, file: "Docs/Glossary.md")
                == ["Docs/Instructors.md", "README.md", "Docs/figures/m01.png"])
    }

    @Test func anUnclosedRegionIsAnError() {
        #expect(throws: CourseError.self) {
            try InstructorSections.removing(from: "<!-- BEGIN INSTRUCTOR -->\ntext", file: "README.md")
        }
    }
}
