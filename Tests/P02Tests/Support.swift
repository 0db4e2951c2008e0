import DeepLearning
import Foundation
@testable import P02

/// A JSON fixture written by scripts/p02_fixtures.py (ultralytics on fixed inputs).
struct Fixture {
    let values: [String: Any]

    init(_ name: String) throws {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures") else {
            throw P02Error.missing("Fixtures/\(name).json", fix: "python3 scripts/p02_fixtures.py")
        }
        values = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }

    init(values: [String: Any]) { self.values = values }

    func doubles(_ key: String) -> [Double] { (values[key] as! [NSNumber]).map(\.doubleValue) }
    func ints(_ key: String) -> [Int] { (values[key] as! [NSNumber]).map(\.intValue) }
    func int(_ key: String) -> Int { (values[key] as! NSNumber).intValue }
    func double(_ key: String) -> Double { (values[key] as! NSNumber).doubleValue }
    func list(_ key: String) -> [Fixture] { (values[key] as! [[String: Any]]).map { Fixture(values: $0) } }
}

/// Boxes from a flat list of xyxy quadruples.
func boxes(_ values: [Double]) -> [Box] {
    stride(from: 0, to: values.count, by: 4).map { Box(Array(values[$0..<$0 + 4])) }
}

/// Rows of `width` values from a flat list.
func rows(_ values: [Double], width: Int) -> [[Double]] {
    stride(from: 0, to: values.count, by: width).map { Array(values[$0..<$0 + width]) }
}
