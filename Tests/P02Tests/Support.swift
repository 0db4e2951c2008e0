import DeepLearning
import Foundation
@testable import P02

/// Boxes from a flat list of xyxy quadruples.
func boxes(_ values: [Double]) -> [Box] {
    stride(from: 0, to: values.count, by: 4).map { Box(Array(values[$0..<$0 + 4])) }
}

/// Rows of `width` values from a flat list.
func rows(_ values: [Double], width: Int) -> [[Double]] {
    stride(from: 0, to: values.count, by: width).map { Array(values[$0..<$0 + width]) }
}
