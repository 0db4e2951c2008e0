import ExerciseTesting
import Tensors
import Testing
import Workbook

/// A learner's code that calls the library's own answer to the exercise under test fails.
@Suite struct ExerciseTwinsTests {
    /// Stands for a library function that computes exercise S01-E01's answer.
    static func twin() -> Double {
        ExerciseTwins.called("libraryDot", twinOf: ["S01-E01", "S01-E04"])
        return 42
    }

    @Test func callsOfTheWatchedExercisesTwinsAreCounted() async throws {
        let (value, watch) = await ExerciseTwins.watching("S01-E01") { Self.twin() + Self.twin() }
        #expect(value == 84)
        #expect(watch.calls == ["libraryDot", "libraryDot"])
        let other = await ExerciseTwins.watching("S01-E02") { Self.twin() }.watch
        #expect(other.calls.isEmpty, "a twin of another exercise is not counted")
        let reference = await ExerciseTwins.watching("S01-E04") { ExerciseTwins.unwatched { Self.twin() } }.watch
        #expect(reference.calls.isEmpty, "a test's own reference computation is not counted")
    }

    @Test func theTraitFailsATestThatCallsATwinAndNamesIt() async throws {
        let trait = ExerciseTrait.exercise("S01-E01")
        let test = try #require(Test.current)
        await #expect(throws: CheckFailure.self) {
            try await trait.provideScope(for: test, testCase: nil) { _ = Self.twin() }
        }
        do {
            try await trait.provideScope(for: test, testCase: nil) { _ = Self.twin() }
        } catch let failure as CheckFailure {
            #expect(failure.message.contains("S01-E01") && failure.message.contains("libraryDot"), "\(failure.message)")
        }
        // Own code, and the test's reference computation, pass.
        try await trait.provideScope(for: test, testCase: nil) { _ = ExerciseTwins.unwatched { Self.twin() } }
    }
}
