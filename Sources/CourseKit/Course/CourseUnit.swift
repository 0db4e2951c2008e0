/// A lesson (`Lessons/M01`) or a project (`Projects/P01`) and its exercises.
public struct CourseUnit: Equatable, Sendable {
    public enum Kind: String, Sendable { case lesson, project }

    /// `M01`, `P03`: also the executable target's name; its tests are `M01Tests`.
    public let id: String
    public let kind: Kind
    /// `Lessons/M01`, relative to the package root.
    public let folder: String
    public let title: String
    public let exercises: [Exercise]

    public var testTarget: String { id + "Tests" }
    public var maxPoints: Double { exercises.reduce(0) { $0 + $1.points } }
}
