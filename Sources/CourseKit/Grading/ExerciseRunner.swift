import Foundation

/// Runs the tests of exercises in an already built package.
public struct ExerciseRunner: Sendable {
    public let package: SwiftPackage

    public init(package: SwiftPackage) { self.package = package }

    /// Each exercise in its own test process (grading): a crash, a hang or a
    /// memory hog in one exercise cannot touch the result of another.
    public func runEach(_ exercises: [Exercise]) throws -> [ExerciseResult] {
        try exercises.map { exercise in
            ExerciseResult(exercise: exercise, run: try package.test(filter: [exercise.testFilter]))
        }
    }

    /// All exercises in one test process (the quick self-check); exercises the
    /// process did not finish (it crashed or timed out) are run again alone.
    public func runTogether(_ exercises: [Exercise]) throws -> [ExerciseResult] {
        guard !exercises.isEmpty else { return [] }
        let run = try package.test(filter: exercises.map(\.testFilter))
        let completed = run.process.termination == .exited(0) || run.process.termination == .exited(1)
        return try exercises.map { exercise in
            let result = ExerciseResult(exercise: exercise, run: run)
            let unfinished = result.tests.contains { !$0.finished }
            if completed && !unfinished { return result }
            return try runEach([exercise])[0]
        }
    }
}
