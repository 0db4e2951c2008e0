import Foundation

/// The library's answers to the course's exercises.
///
/// A course library ships functions that compute what some exercises ask a learner
/// to write: a sinusoidal position table (M03-E08), label-smoothed cross-entropy
/// (P06-E03), ... Each such function (a "twin" of its exercise) reports its calls
/// here. While an exercise's tests run (`@Suite(.exercise("M03-E08"))` in the
/// course's tests), the calls of that exercise's twins are counted, and a test
/// whose code under test called one fails with the twin named: calling the
/// library's answer is not solving the exercise. Anywhere else a report costs one
/// task-local read.
public enum ExerciseTwins {
    /// The twins of one exercise called while it was watched.
    public final class Watch: @unchecked Sendable {
        public let exercise: String
        private let lock = NSLock()
        private var names: [String] = []

        public init(exercise: String) { self.exercise = exercise }

        /// The twins called, in order, one entry per call.
        public var calls: [String] { lock.withLock { names } }

        fileprivate func add(_ name: String) { lock.withLock { names.append(name) } }
    }

    @TaskLocal static var current: Watch?

    /// Runs `body` counting the calls of `exercise`'s twins; returns what it returned and the watch.
    public static func watching<T>(_ exercise: String, _ body: () async throws -> T) async rethrows -> (result: T, watch: Watch) {
        let watch = Watch(exercise: exercise)
        let result = try await $current.withValue(watch) { try await body() }
        return (result, watch)
    }

    /// Runs `body` (a test's own reference computation) without counting twin calls.
    public static func unwatched<T>(_ body: () throws -> T) rethrows -> T {
        try $current.withValue(nil) { try body() }
    }

    /// Called first thing by a twin: `function` computes what `exercises` ask for
    /// (`"*"`: every exercise's, as a finite-difference gradient does). The list is only
    /// built, and the name made, only while some exercise is watched.
    package static func called(_ function: @autoclosure () -> String, twinOf exercises: @autoclosure () -> [String]) {
        guard let watch = current else { return }
        let ids = exercises()
        if ids.contains(watch.exercise) || ids.contains("*") { watch.add(function()) }
    }
}
