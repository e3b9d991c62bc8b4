import GRDB
import VKSModel
import VKSWarehouse

/// Everything the report shows, read from the warehouse in one go.
struct ReportData: Sendable {
    struct Value: Sendable {
        let provinceCode: String
        let value: Double?
    }

    let period: ReportingPeriod
    let provinces: [Province]
    let completeness: [ReturnStatus]
    /// Province → finding code → count (errors and warnings of the quarter's files).
    let findingCounts: [String: [String: Int]]
    /// Indicator → values per province, national (`00`) included.
    let indicators: [String: [Value]]
    /// Indicator → national value per quarter in the warehouse, oldest first.
    let trends: [String: [(period: Period, value: Double?)]]
    let closedAt: String?

    static func load(period: ReportingPeriod, reference: ReferenceData, _ db: Database) throws -> ReportData {
        let quarters =
            try period.quarter.map { [$0] }
            ?? Period.fetchAll(
                db, sql: "SELECT DISTINCT period FROM received_file WHERE substr(period, 1, 4) = ? ORDER BY 1",
                arguments: [period])
        let completeness = try ReturnStatus.matrix(
            quarters: quarters, province: nil, reference: reference, asClosed: true, db)
        var counts: [String: [String: Int]] = [:]
        for count in try FindingRow.counts(quarters: quarters, asClosed: true, db) {
            counts[count.province ?? "?", default: [:]][count.code, default: 0] += count.count
        }
        var indicators: [String: [Value]] = [:]
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT indicator, province_code, value FROM indicator_value WHERE period = ? ORDER BY indicator, province_code
                """, arguments: [period])
        {
            indicators[row[0], default: []].append(Value(provinceCode: row[1], value: row[2]))
        }
        var trends: [String: [(period: Period, value: Double?)]] = [:]
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT indicator, period, value FROM indicator_value
                WHERE province_code = '00' AND length(period) = 7 AND period <= ? ORDER BY indicator, period
                """, arguments: [period.lastQuarter])
        {
            trends[row[0], default: []].append((row[1], row[2]))
        }
        return ReportData(
            period: period, provinces: reference.provinces, completeness: completeness,
            findingCounts: counts, indicators: indicators, trends: trends,
            closedAt: try period.quarter.flatMap { try PeriodLock.closure(of: $0, db) }?.closedAt)
    }
}
