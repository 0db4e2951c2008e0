/// P03-E08 · Dates and amounts on a receipt, parsed and validated. Docs/P03.md#p03-e08
///
/// `parseReceiptDate`: find the first date in `text` written as year-month-day with `-`, `/` or
/// `.` between the numbers (`2024-03-05`, `2024/3/5`, `2024.03.05`) or in Chinese
/// (`2024年3月5日`); the year has 4 digits, month and day 1 or 2. Return it only when it exists
/// in the Gregorian calendar (a leap year is divisible by 4, except centuries not divisible by
/// 400), else nil.
///
/// `parseAmount`: the amount in cents of the last number in `text` that has exactly two decimals
/// (`合计 ¥1,234.50` -> 123450, `TOTAL 12.00` -> 1200, `-3.20` -> -320 with the minus sign
/// directly before the digits or before a currency sign `¥`, `￥` or `$`). Commas may group the
/// thousands. nil when there is no such number.
public struct ReceiptDate: Equatable, Sendable, CustomStringConvertible {
    public let year: Int, month: Int, day: Int
    public init(year: Int, month: Int, day: Int) { (self.year, self.month, self.day) = (year, month, day) }
    /// ISO 8601, `2024-03-05`.
    public var description: String {
        String(year) + "-" + (month < 10 ? "0" : "") + String(month) + "-" + (day < 10 ? "0" : "") + String(day)
    }
}

public func parseReceiptDate(_ text: String) throws -> ReceiptDate? {
    // BEGIN SOLUTION
    let pattern = #/(\d{4})(?:[-\/.]|年)(\d{1,2})(?:[-\/.]|月)(\d{1,2})日?/#
    guard let match = text.firstMatch(of: pattern),
        let year = Int(match.1), let month = Int(match.2), let day = Int(match.3)
    else { return nil }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    let daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    guard (1...12).contains(month), (1...daysInMonth[month - 1]).contains(day) else { return nil }
    return ReceiptDate(year: year, month: month, day: day)
    // END SOLUTION
}

public func parseAmount(_ text: String) throws -> Int? {
    // BEGIN SOLUTION
    let pattern = #/(-?)[¥￥$]?(-?)(\d{1,3}(?:,\d{3})+|\d+)\.(\d{2})(?!\d)/#
    guard let match = text.matches(of: pattern).last,
        let whole = Int(match.3.replacingOccurrences(of: ",", with: "")), let cents = Int(match.4)
    else { return nil }
    let negative = !match.1.isEmpty || !match.2.isEmpty
    return (negative ? -1 : 1) * (whole * 100 + cents)
    // END SOLUTION
}
