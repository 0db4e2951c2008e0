import Vectors
import Workbook

/// S01-E02: `max(0, x)` for each element. See Docs/S01.md#s01-e02.
func relu(_ x: Vector) throws -> Vector {
    // BEGIN SOLUTION
    Vector(x.values.map { max(0, $0) })
    // END SOLUTION
}
