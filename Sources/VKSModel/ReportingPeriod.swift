/// A period figures are reported for: a quarter (`2026-Q3`), which provinces submit, or a year
/// (`2026`), which is derived from its quarters and never submitted.
///
/// Stored and shown as its text, and ordered as that text sorts (`2025` before `2025-Q1`): the
/// order every export and listing has always used.
public enum ReportingPeriod: Hashable, Comparable, Sendable, CustomStringConvertible {
    case quarter(Period)
    case year(Int)

    /// Parses `2026-Q3` (the `Q` in any case) or `2026`; nil for anything else.
    public init?(_ text: String) {
        if let quarter = Period(text) {
            self = .quarter(quarter)
        } else if text.utf8.count == 4, text.utf8.allSatisfy({ (48...57).contains($0) }), let year = Int(text),
            year >= 1900
        {
            self = .year(year)
        } else {
            return nil
        }
    }

    public var description: String {
        switch self {
        case .quarter(let quarter): quarter.description
        case .year(let year): String(year)
        }
    }

    /// The calendar year the period falls in.
    public var calendarYear: Int {
        switch self {
        case .quarter(let quarter): quarter.year
        case .year(let year): year
        }
    }

    /// The quarter, when the period is one.
    public var quarter: Period? {
        if case .quarter(let quarter) = self { return quarter }
        return nil
    }

    public var isQuarter: Bool { quarter != nil }

    /// The year the period belongs to (a year is its own).
    public var year: ReportingPeriod { .year(calendarYear) }

    /// The periods whose figures a change in this one touches: a quarter and its year, or a year.
    public var withItsYear: Set<ReportingPeriod> { [self, year] }

    /// The last quarter the period reaches: itself, or a year's fourth quarter.
    public var lastQuarter: Period {
        switch self {
        case .quarter(let quarter): quarter
        case .year(let year): Period(year: year, quarter: 4)!
        }
    }

    /// The period a change is told against: the quarter before (2026-Q1 → 2025-Q4), or the year before.
    public var previous: ReportingPeriod? {
        switch self {
        case .quarter(let quarter):
            quarter.quarter > 1
                ? Period(year: quarter.year, quarter: quarter.quarter - 1).map(Self.quarter)
                : Period(year: quarter.year - 1, quarter: 4).map(Self.quarter)
        case .year(let year): year > 1900 ? .year(year - 1) : nil
        }
    }

    /// The same period a year earlier: 2026-Q3 → 2025-Q3, 2026 → 2025.
    public var yearEarlier: ReportingPeriod? {
        switch self {
        case .quarter(let quarter): Period(year: quarter.year - 1, quarter: quarter.quarter).map(Self.quarter)
        case .year(let year): year > 1900 ? .year(year - 1) : nil
        }
    }

    /// Whether `other` falls in this period: a year holds its quarters and itself.
    public func covers(_ other: ReportingPeriod) -> Bool {
        self == other || (!isQuarter && other.calendarYear == calendarYear)
    }

    public static func < (lhs: ReportingPeriod, rhs: ReportingPeriod) -> Bool {
        lhs.description < rhs.description
    }
}

extension Period {
    /// The quarter as a reporting period.
    public var reporting: ReportingPeriod { .quarter(self) }
}
