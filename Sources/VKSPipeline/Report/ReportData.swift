import GRDB
import VKSModel
import VKSWarehouse

/// Everything the report shows, read from the warehouse in one go.
struct ReportData: Sendable {
    let period: ReportingPeriod
    let provinces: [Province]
    /// Each province's square on the tile map.
    let tiles: [String: (column: Int, row: Int)]
    let completeness: [ReturnStatus]
    /// Province → finding code → count (errors and warnings of the quarter's files).
    let findingCounts: [String: [String: Int]]
    /// Indicator → its `indicators_detail` rows (value in its unit, rank, changes), national (`00`) included:
    /// the report shows what the export holds.
    let details: [String: [IndicatorDetail]]
    /// Indicator → national value per quarter in the warehouse, oldest first, in the indicator's unit.
    let trends: [String: [(period: Period, value: Double?)]]
    let closedAt: String?
    /// When the last file the figures count arrived (UTC, ISO 8601).
    let asOf: String?
    /// For a year: each of its quarters some province has not sent every return of, with how many
    /// provinces lack it (a year's figures without a quarter are not the year's).
    let missingQuarters: [(quarter: Period, provinces: Int)]

    static func load(
        period: ReportingPeriod, reference: ReferenceData, definitions: [IndicatorDefinition], _ db: Database
    ) throws -> ReportData {
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
        let details = Dictionary(
            grouping: try IndicatorDetail.rows(period: period, definitions: definitions, db), by: \.indicator)
        let scales = Dictionary(uniqueKeysWithValues: definitions.map { ($0.id, $0.scale) })
        var trends: [String: [(period: Period, value: Double?)]] = [:]
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT indicator, period, value FROM indicator_value
                WHERE province_code = '00' AND length(period) = 7 AND period <= ? ORDER BY indicator, period
                """, arguments: [period.lastQuarter])
        {
            let id: String = row[0]
            let value: Double? = row[2]
            trends[id, default: []].append((row[1], value.map { $0 * (scales[id] ?? 1) }))
        }
        var missing: [(quarter: Period, provinces: Int)] = []
        if !period.isQuarter {
            let coverage = try YearCoverage.rows(year: period.calendarYear, reference: reference, db)
            for quarter in (1...4).map({ Period(year: period.calendarYear, quarter: $0)! }) {
                let lacking = Set(coverage.filter { $0.missing.contains(quarter) }.map(\.provinceCode))
                if !lacking.isEmpty { missing.append((quarter, lacking.count)) }
            }
        }
        return ReportData(
            period: period, provinces: reference.provinces, tiles: reference.tiles, completeness: completeness,
            findingCounts: counts, details: details, trends: trends,
            closedAt: try period.quarter.flatMap { try PeriodLock.closure(of: $0, db) }?.closedAt,
            asOf: try ExportStage.lastArrival(quarters, db),
            missingQuarters: missing)
    }
}
