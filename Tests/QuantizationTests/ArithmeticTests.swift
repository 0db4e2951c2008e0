import Foundation
import Workbook
import XCTest
@testable import Quantization

/// The fixed-point arithmetic against scripts/quantization_fixtures.py (TFLite/gemmlowp and
/// PyTorch's observer formulas transcribed in Python integers and numpy float32).
final class ArithmeticTests: XCTestCase {
    struct Reference: Decodable {
        struct Multiplier: Decodable { let real: Double; let multiplier: Int32; let shift: Int32 }
        struct Product: Decodable { let x: Int32; let multiplier: Int32; let shift: Int32; let result: Int32 }
        struct QParams: Decodable { let min: Float; let max: Float; let scale: Float; let zeroPoint: Int32 }
        struct Add: Decodable { let x: UInt8; let y: UInt8; let a: [Double]; let b: [Double]; let output: [Double]; let relu: Bool; let result: UInt8 }
        let multipliers: [Multiplier], products: [Product], qparams: [QParams], adds: [Add]
    }

    static let fixtures: Reference = {
        do { return try Fixtures.decode(Reference.self, "arithmetic.json", in: .module) } catch { fatalError("\(error)") }
    }()

    func testQuantizeMultiplierMatchesTFLite() {
        for f in Self.fixtures.multipliers {
            XCTAssertEqual(QuantizedMultiplier(f.real), QuantizedMultiplier(multiplier: f.multiplier, shift: f.shift), "real \(f.real)")
        }
        // The Q31 form stands for the factor to within one part in 2^30.
        let m = QuantizedMultiplier(0.0123456)
        XCTAssertEqual(m.real, 0.0123456, accuracy: 0.0123456 * 1e-9)
    }

    func testMultiplyByQuantizedMultiplierMatchesGemmlowp() {
        XCTAssertGreaterThan(Self.fixtures.products.count, 300)
        for f in Self.fixtures.products {
            XCTAssertEqual(
                FixedPoint.multiply(f.x, by: QuantizedMultiplier(multiplier: f.multiplier, shift: f.shift)), f.result,
                "x \(f.x) multiplier \(f.multiplier) shift \(f.shift)")
        }
    }

    func testRoundingPrimitivesByHand() {
        // a·b / 2^31 rounded, ties upward (gemmlowp's nudge): 1.5 → 2, −1.5 → −1, −1.75 → −2.
        XCTAssertEqual(FixedPoint.doublingHighMul(3, 1 << 30), 2)
        XCTAssertEqual(FixedPoint.doublingHighMul(-3, 1 << 30), -1)
        XCTAssertEqual(FixedPoint.doublingHighMul(-7, 1 << 29), -2)
        XCTAssertEqual(FixedPoint.doublingHighMul(.min, .min), .max)
        XCTAssertEqual(FixedPoint.roundingDivideByPOT(5, 1), 3)  // 2.5 → 3
        XCTAssertEqual(FixedPoint.roundingDivideByPOT(-5, 1), -3)  // −2.5 → −3
        XCTAssertEqual(FixedPoint.roundingDivideByPOT(-7, 2), -2)  // −1.75 → −2
        XCTAssertEqual(FixedPoint.roundingDivideByPOT(6, 2), 2)  // 1.5 → 2
    }

    func testUInt8ParametersMatchPyTorchFormula() {
        for f in Self.fixtures.qparams {
            let q = AffineQuantization.uint8(min: f.min, max: f.max)
            XCTAssertEqual(q.scale, f.scale, "range [\(f.min), \(f.max)]")
            XCTAssertEqual(q.zeroPoint, f.zeroPoint, "range [\(f.min), \(f.max)]")
        }
        // Zero is exactly representable, and the ends of the range land on 0 and 255.
        let q = AffineQuantization.uint8(min: -1, max: 3)
        XCTAssertEqual(q.dequantize(q.quantize(0)), 0)
        XCTAssertEqual(q.quantize(-1), 0)
        XCTAssertEqual(q.quantize(3), 255)
        XCTAssertEqual(q.quantize(100), 255)
    }

    func testAddMatchesTFLite() {
        for f in Self.fixtures.adds {
            func q(_ p: [Double]) -> AffineQuantization { AffineQuantization(scale: Float(p[0]), zeroPoint: Int32(p[1])) }
            let add = QuantizedAdd(a: q(f.a), b: q(f.b), output: q(f.output), activation: f.relu ? .relu : .none)
            XCTAssertEqual(add.add(f.x, f.y), f.result, "\(f)")
        }
    }

    func testSymmetricPerChannelWeights() {
        let w = ChannelQuantizedWeights(quantizing: [0.5, -1.27, 0.01, 2, 1, -0.5], channels: 2)
        XCTAssertEqual(w.scales, [Float(1.27) / 127, Float(2) / 127])
        XCTAssertEqual(w.values, [50, -127, 1, 127, 64, -32])  // 63.5 → 64 and −31.75 → −32
        XCTAssertEqual(quantizeBias([0.1, -0.2], inputScale: 0.5, weightScales: [0.01, 0.02]), [20, -20])
    }
}
