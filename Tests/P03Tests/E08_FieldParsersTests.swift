import ExerciseTesting
import Testing
@testable import P03

@Suite(.exercise("P03-E08")) struct P03_E08 {
    @Test func datesInTheCommonForms() throws {
        #expect(try parseReceiptDate("日期: 2024-03-05 14:22") == ReceiptDate(year: 2024, month: 3, day: 5))
        #expect(try parseReceiptDate("2024年3月5日") == ReceiptDate(year: 2024, month: 3, day: 5))
        #expect(try parseReceiptDate("2023/02/29") == nil)
    }

    @Test func amountsInCents() throws {
        #expect(try parseAmount("合计 ¥1,234.50") == 123450)
        #expect(try parseAmount("TOTAL 12.00") == 1200)
        #expect(try parseAmount("no amount 12") == nil)
    }
}
