/// A plain vector of doubles, the little library the sample lesson builds on.
public struct Vector: Equatable {
    public var values: [Double]
    public init(_ values: [Double]) { self.values = values }
    public var count: Int { values.count }
    public static func + (a: Vector, b: Vector) -> Vector {
        precondition(a.count == b.count, "Vector +: sizes \(a.count) and \(b.count) differ")
        return Vector(zip(a.values, b.values).map { $0 + $1 })
    }
}
