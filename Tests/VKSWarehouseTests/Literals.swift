import VKSModel

// Periods written as the text they are stored as, so the tests read like the warehouse's rows.

extension ReportingPeriod: ExpressibleByStringLiteral {
    public init(stringLiteral text: String) { self = ReportingPeriod(text)! }
}

extension Period: ExpressibleByStringLiteral {
    public init(stringLiteral text: String) { self = Period(text)! }
}
