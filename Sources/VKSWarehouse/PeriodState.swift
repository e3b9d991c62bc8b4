import GRDB
import VKSModel

/// Which periods still need aggregating or exporting: the bookkeeping that makes a second run
/// over the same inbox do nothing, and a run killed half-way finish the job next time.
///
/// A change is owed either for a whole period (its first time, new reference data, a reopened
/// quarter) or for some of its provinces only (a file that came in): a nightly run with one new
/// file then recomputes one province's figures, not the nation's (issue 8).
public enum PeriodState {
    /// Marks `periods` for aggregate and export: for `province` only (and, when known, only the
    /// `datasets` whose facts changed), or (nil) for every province.
    public static func markForAggregate(
        _ periods: Set<ReportingPeriod>, province: String? = nil, datasets: Set<Dataset>? = nil,
        _ db: Database
    ) throws {
        try mark(periods, province: province, datasets: datasets, aggregate: true, db)
    }

    /// Marks `periods` for export: for `province` only, or (nil) for every province.
    public static func markForExport(_ periods: Set<ReportingPeriod>, province: String? = nil, _ db: Database) throws {
        try mark(periods, province: province, datasets: nil, aggregate: false, db)
    }

    /// Marks `periods`, already known, for export because figures they show of other periods changed
    /// (`indicators_detail`'s changes against the period before): no province's findings or feedback
    /// file changed with them.
    public static func markFiguresForExport(_ periods: Set<ReportingPeriod>, _ db: Database) throws {
        for period in periods {
            try db.execute(sql: "UPDATE period_state SET needs_export = 1 WHERE period = ?", arguments: [period])
        }
    }

    private static func mark(
        _ periods: Set<ReportingPeriod>, province: String?, datasets: Set<Dataset>?, aggregate: Bool,
        _ db: Database
    ) throws {
        let whole = province == nil ? 1 : 0
        // A quarter seen for the first time changes what every province owes in its year (I13's
        // expected returns count the quarters reported): the year is owed whole.
        for quarter in periods where quarter.isQuarter {
            guard
                try !Bool.fetchOne(
                    db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM period_state WHERE period = ?)"),
                    arguments: [quarter])!
            else { continue }
            try db.executeCached(
                """
                INSERT INTO period_state (period, needs_aggregate, needs_export) VALUES (?, 1, 1)
                ON CONFLICT (period) DO UPDATE SET needs_aggregate = 1, needs_export = 1, aggregate_whole = 1, export_whole = 1
                """, arguments: [quarter.year])
        }
        for period in periods.sorted() {
            // A period seen for the first time is owed whole: the columns' defaults say so.
            if aggregate {
                try db.executeCached(
                    """
                    INSERT INTO period_state (period, needs_aggregate, needs_export) VALUES (?, 1, 1)
                    ON CONFLICT (period) DO UPDATE SET needs_aggregate = 1, needs_export = 1,
                        aggregate_whole = max(aggregate_whole, ?), export_whole = max(export_whole, ?)
                    """, arguments: [period, whole, whole])
            } else {
                try db.executeCached(
                    """
                    INSERT INTO period_state (period, needs_export) VALUES (?, 1)
                    ON CONFLICT (period) DO UPDATE SET needs_export = 1, export_whole = max(export_whole, ?)
                    """, arguments: [period, whole])
            }
            guard let province else { continue }
            // "" stands for every dataset: the change is not known to touch only some.
            for dataset in datasets.map({ $0.sorted().map(\.rawValue) }) ?? [""] {
                try db.executeCached(
                    """
                    INSERT INTO province_change (period, province_code, dataset, for_aggregate, for_export) VALUES (?, ?, ?, ?, 1)
                    ON CONFLICT (period, province_code, dataset) DO UPDATE SET
                        for_aggregate = max(for_aggregate, excluded.for_aggregate), for_export = 1
                    """, arguments: [period, province, dataset, aggregate ? 1 : 0])
            }
        }
    }

    public static func periodsNeedingAggregate(_ db: Database) throws -> [ReportingPeriod] {
        try ReportingPeriod.fetchAll(
            db, sql: "SELECT period FROM period_state WHERE needs_aggregate = 1 ORDER BY period")
    }

    public static func periodsNeedingExport(_ db: Database) throws -> [ReportingPeriod] {
        try ReportingPeriod.fetchAll(db, sql: "SELECT period FROM period_state WHERE needs_export = 1 ORDER BY period")
    }

    /// The provinces whose figures `period` owes aggregate; nil when every province's are owed.
    public static func provincesToAggregate(_ period: ReportingPeriod, _ db: Database) throws -> Set<String>? {
        try owed(period, whole: "aggregate_whole", flag: "for_aggregate", db)
    }

    /// The provinces whose feedback `period` owes export; nil when the whole period is owed.
    public static func provincesToExport(_ period: ReportingPeriod, _ db: Database) throws -> Set<String>? {
        try owed(period, whole: "export_whole", flag: "for_export", db)
    }

    /// The datasets whose facts changed in `period` since it was aggregated; nil when not known (all).
    public static func datasetsToAggregate(_ period: ReportingPeriod, _ db: Database) throws -> Set<Dataset>? {
        guard try provincesToAggregate(period, db) != nil else { return nil }
        let datasets = try String.fetchAll(
            db, sql: "SELECT DISTINCT dataset FROM province_change WHERE period = ? AND for_aggregate = 1",
            arguments: [period])
        return datasets.contains("") ? nil : Set(datasets.compactMap(Dataset.init(rawValue:)))
    }

    private static func owed(_ period: ReportingPeriod, whole: String, flag: String, _ db: Database) throws -> Set<
        String
    >? {
        let isWhole = try Bool.fetchOne(
            db, sql: "SELECT \(whole) FROM period_state WHERE period = ?", arguments: [period])
        guard isWhole == false else { return nil }
        return Set(
            try String.fetchAll(
                db, sql: "SELECT DISTINCT province_code FROM province_change WHERE period = ? AND \(flag) = 1",
                arguments: [period]))
    }

    public static func aggregated(_ period: ReportingPeriod, _ db: Database) throws {
        try db.execute(
            sql: "UPDATE period_state SET needs_aggregate = 0, aggregate_whole = 0 WHERE period = ?",
            arguments: [period])
        try db.execute(sql: "UPDATE province_change SET for_aggregate = 0 WHERE period = ?", arguments: [period])
        try forget(period, db)
    }

    public static func exported(_ period: ReportingPeriod, _ db: Database) throws {
        try db.execute(
            sql: "UPDATE period_state SET needs_export = 0, export_whole = 0 WHERE period = ?", arguments: [period])
        try db.execute(sql: "UPDATE province_change SET for_export = 0 WHERE period = ?", arguments: [period])
        try forget(period, db)
    }

    private static func forget(_ period: ReportingPeriod, _ db: Database) throws {
        try db.execute(
            sql: "DELETE FROM province_change WHERE period = ? AND for_aggregate = 0 AND for_export = 0",
            arguments: [period])
    }

    /// Every period the warehouse reports on (quarters something was sent for, and their years).
    public static func allPeriods(_ db: Database) throws -> [ReportingPeriod] {
        try ReportingPeriod.fetchAll(
            db,
            sql: """
                SELECT period FROM reporting_quarter
                UNION SELECT substr(period, 1, 4) FROM reporting_quarter
                ORDER BY 1
                """)
    }
}
