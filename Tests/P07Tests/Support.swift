import DeepLearning
import Foundation
import Workbook
@testable import P07

/// The reference values written by scripts/p07_fixtures.py (pytorch-crf).
func p07Fixture() throws -> ReferenceFixture { try ReferenceFixture.load("p07", from: Bundle.module) }

/// seqeval's scores and strict entities on the same tag sequences (scripts/p07_fixtures.py).
struct SeqevalCases: Decodable {
    struct Scores: Decodable { let precision: Double, recall: Double, f1: Double }
    struct Case: Decodable {
        let truth: [[String]], predicted: [[String]]
        let `default`: Scores, strict: Scores
        /// Per sentence: [type, start, end] with `end` inclusive, as strings and numbers.
        let strictEntitiesTruth: [[[StringOrInt]]]
    }
    let cases: [Case]

    static func load() throws -> SeqevalCases {
        try Fixtures.decode(SeqevalCases.self, "p07_seqeval.json", in: .module)
    }
}

/// One element of seqeval's `[type, start, end]` triples.
enum StringOrInt: Decodable {
    case string(String), int(Int)
    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let i = try? c.decode(Int.self) { self = .int(i) } else { self = .string(try c.decode(String.self)) }
    }
    var string: String { if case let .string(s) = self { return s } else { return "" } }
    var int: Int { if case let .int(i) = self { return i } else { return -1 } }
}

extension SeqevalCases.Case {
    var strictTruthEntities: [[Entity]] {
        strictEntitiesTruth.map { $0.map { Entity(type: $0[0].string, start: $0[1].int, end: $0[2].int) } }
    }
}

/// A CRF problem of the fixture as plain numbers for one sequence (`prefix` "crf" or "bio").
struct CRFProblem {
    let emissions: [[Double]], transitions: [[Double]], start: [Double], end: [Double]

    init(_ fixture: ReferenceFixture, _ prefix: String, sequence b: Int) throws {
        let e = try fixture.entry("\(prefix).emissions"), length = Int(try fixture.values("\(prefix).lengths")[b])
        let (t, k) = (e.shape[1], e.shape[2])
        emissions = (0..<length).map { Array(e.data[(b * t + $0) * k..<(b * t + $0 + 1) * k]) }
        let trans = try fixture.values("\(prefix).transitions")
        transitions = (0..<k).map { Array(trans[$0 * k..<($0 + 1) * k]) }
        start = try fixture.values("\(prefix).start")
        end = try fixture.values("\(prefix).end")
    }
}

/// Row `b` of a `[batch, time]` fixture of tags, up to `length` (padding is -1 or 0).
func tagRow(_ values: [Double], batch b: Int, time: Int, length: Int) -> [Int] {
    (0..<length).map { Int(values[b * time + $0]) }
}
