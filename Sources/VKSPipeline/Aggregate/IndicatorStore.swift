import GRDB
import VKSModel
import VKSWarehouse

/// Where a definition's values go: `indicator_value`, one row per province and period and the
/// national row `00`, with the digest of the text that computed them (`aggregate_definition`).
enum IndicatorStore {
    typealias DefinitionJob = AggregatePlan.DefinitionJob
    typealias Part = IndicatorParts.Part

    /// Stores a definition's values for its periods; returns the number of rows stored.
    static func store(
        _ parts: [Part], of job: DefinitionJob, work: [AggregatePlan.Work], provinces: [String],
        _ db: Database
    ) throws -> Int {
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO indicator_value (period, province_code, indicator, name, numerator, denominator, value)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
        let id = job.definition.id
        var byPeriod: [ReportingPeriod: [String: (Double?, Double?)]] = [:]
        for part in parts { byPeriod[part.period, default: [:]][part.province] = (part.numerator, part.denominator) }
        let owed = Dictionary(uniqueKeysWithValues: work.map { ($0.period, $0.provinces) })
        var stored = 0
        for (period, only) in job.whole.map({ ($0, Set<String>?.none) }) + job.partial.map({ ($0, owed[$0]!) }) {
            var byProvince = byPeriod[period] ?? [:]
            let national = byProvince.removeValue(forKey: AggregateStage.nationalCode)
            if only == nil {
                // Rows of a province the reference no longer lists go too.
                try db.execute(
                    sql: "DELETE FROM indicator_value WHERE period = ? AND indicator = ?", arguments: [period, id])
            }
            for province in provinces + [AggregateStage.nationalCode]
            where only?.contains(province) ?? true || province == AggregateStage.nationalCode {
                let (numerator, denominator) =
                    province == AggregateStage.nationalCode
                    ? try national ?? pooled(id, period: period, db)
                    : byProvince[province] ?? (nil, nil)
                if only != nil {
                    try db.executeCached(
                        "DELETE FROM indicator_value WHERE period = ? AND indicator = ? AND province_code = ?",
                        arguments: [period, id, province])
                }
                try insert.execute(arguments: [
                    period, province, id, job.definition.name, numerator, denominator,
                    ratio(numerator, denominator),
                ])
                stored += 1
            }
            try db.executeCached(
                "INSERT OR REPLACE INTO aggregate_definition (period, indicator, sql_sha256) VALUES (?, ?, ?)",
                arguments: [period, id, job.digest])
        }
        return stored
    }

    /// Makes the next run compute a definition again for every province of `periods`.
    static func forget(_ indicator: String, periods: [ReportingPeriod], _ db: Database) throws {
        for period in periods {
            try db.execute(
                sql: "INSERT OR REPLACE INTO aggregate_definition (period, indicator, sql_sha256) VALUES (?, ?, '')",
                arguments: [period, indicator])
        }
    }

    /// The national numerator and denominator: SQL's SUM over every row the definition selected,
    /// all provinces pooled, read back from the province rows just stored (so a night that
    /// recomputed one province pools the same way as one that recomputed all), in province order
    /// (so the floating-point sum is the same every time). A province whose column was all blank
    /// (a NULL sum) adds nothing to that side while still counting on the other.
    static func pooled(_ definition: String, period: ReportingPeriod, _ db: Database) throws -> (Double?, Double?) {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT numerator, denominator FROM indicator_value
                WHERE period = ? AND indicator = ? AND province_code <> ? ORDER BY province_code
                """, arguments: [period, definition, AggregateStage.nationalCode])
        func sum(_ values: [Double?]) -> Double? {
            let present = values.compactMap { $0 }
            return present.isEmpty ? nil : present.reduce(0, +)
        }
        return (sum(rows.map { $0[0] }), sum(rows.map { $0[1] }))
    }

    /// Division by zero (or by nothing) is NULL, never 0 or NaN.
    static func ratio(_ numerator: Double?, _ denominator: Double?) -> Double? {
        guard let numerator, let denominator, denominator != 0 else { return nil }
        return numerator / denominator
    }
}
