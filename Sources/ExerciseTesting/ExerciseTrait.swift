import Tensors
import Testing
import Workbook

/// The trait of an exercise's test suites, public and hidden: `@Suite(.exercise("M03-E08"))`.
///
/// Each test of the suite runs with a watch on the library's twins of the exercise
/// (`ExerciseTwins`): a test whose code called one fails, naming it, in the learner's
/// own run and when graded alike. A test's own reference computation with a twin goes
/// in `ExerciseTwins.unwatched { ... }`.
public struct ExerciseTrait: SuiteTrait, TestTrait, TestScoping {
    public let id: String

    public var isRecursive: Bool { true }

    public func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let (_, watch) = try await ExerciseTwins.watching(id) { try await function() }
        let calls = watch.calls
        guard let first = calls.first else { return }
        throw CheckFailure(Messages().twinCalled(exercise: id, function: first, times: calls.count))
    }
}

extension Trait where Self == ExerciseTrait {
    /// The tests of exercise `id`: they fail when the code under test calls the library's own answer.
    public static func exercise(_ id: String) -> Self { ExerciseTrait(id: id) }
}
