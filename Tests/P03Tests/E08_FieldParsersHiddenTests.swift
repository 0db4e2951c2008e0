import ExerciseTesting
import Testing
import Workbook
@testable import P03

@Suite(.exercise("P03-E08")) struct P03_E08_Hidden {
    @Test func datesValidatedByTheCalendar() throws {
        let texts = ["2024/2/29", "1900-02-29", "2000.02.29", "2024-13-01", "2024-04-31", "开票日期:2025年12月31日", "Date 31/12/2025", "20240101", "2024-1-9 08:00"]
        let parsed = try texts.map { try parseReceiptDate($0)?.description ?? "nil" }
        try checkEqual(parsed, ["2024-02-29", "nil", "2000-02-29", "nil", "nil", "2025-12-31", "nil", "nil", "2024-01-09"], "parsed dates")
    }

    @Test func amountsWithSignsAndSeparators() throws {
        let texts = ["优惠 -3.20", "找零 ￥-0.50", "-$7.05", "数量 2 单价 8.50 金额 17.00", "TOTAL $12,345,678.90", "1.5", "12.345", "小计:0.99元"]
        let parsed = try texts.map { try parseAmount($0) ?? Int.min }
        try checkEqual(parsed, [-320, -50, -705, 1700, 1_234_567_890, Int.min, Int.min, 99], "amounts in cents")
    }
}
