import Foundation

/// A reporting quarter, written `YYYY-Qn` (2026-Q3).
///
/// Annual figures (`YYYY`) are derived from quarters; they are never submitted.
public struct Period: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let quarter: Int

    /// No return is taken for a quarter before this year (the sector's IT statistics start later).
    public static let earliestYear = 2000

    public init?(year: Int, quarter: Int) {
        guard (1...4).contains(quarter), (1900...9999).contains(year) else { return nil }
        self.year = year
        self.quarter = quarter
    }

    /// Parses `2026-Q3` (the `Q` in any case).
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, let year = Int(parts[0]),
            parts[1].count == 2, parts[1].first == "Q" || parts[1].first == "q",
            let quarter = Int(parts[1].dropFirst())
        else { return nil }
        self.init(year: year, quarter: quarter)
    }

    public var description: String { "\(year)-Q\(quarter)" }

    /// The quarter after this one (2025-Q4 → 2026-Q1).
    public var next: Period? {
        quarter < 4 ? Period(year: year, quarter: quarter + 1) : Period(year: year + 1, quarter: 1)
    }
    public var yearText: String { String(year) }

    /// The provinces merged on 1 July 2025: earlier quarters are reported by the 63 former provinces.
    public var isBeforeMerger: Bool { self < Period(year: 2025, quarter: 3)! }

    /// First day of the quarter (UTC calendar date).
    public var firstDay: CivilDate { CivilDate(year: year, month: 3 * quarter - 2, day: 1) }

    /// Last day of the quarter.
    public var lastDay: CivilDate {
        let month = 3 * quarter
        return CivilDate(year: year, month: month, day: CivilDate.daysIn(month: month, year: year))
    }

    public static func < (lhs: Period, rhs: Period) -> Bool {
        (lhs.year, lhs.quarter) < (rhs.year, rhs.quarter)
    }
}

/// A calendar date without time or zone: deadlines and unit activity are dates in Vietnam's
/// calendar, and comparing them as plain dates avoids every time-zone pitfall.
public struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses ISO `yyyy-mm-dd`; nil for anything else or an impossible date.
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
            (1...12).contains(m), (1...CivilDate.daysIn(month: m, year: y)).contains(d)
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil), for adding days exactly.
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public init(dayNumber: Int) {
        let z = dayNumber + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    public func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }

    /// Today's date in Vietnam (UTC+7), from a point in time.
    public static func inVietnam(_ instant: Date) -> CivilDate {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + 7 * 3600
        return CivilDate(dayNumber: Int((Double(seconds) / 86400).rounded(.down)))
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool { lhs.dayNumber < rhs.dayNumber }
}
