import GRDB

/// The run log: every stage of every run with its counts and outcome.
public enum RunLog {
    public static func start(runID: String, stage: String, at time: String, _ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO run_log (run_id, stage, started_at) VALUES (?, ?, ?)
            ON CONFLICT (run_id, stage) DO UPDATE SET started_at = excluded.started_at
            """, arguments: [runID, stage, time])
    }

    public static func finish(runID: String, stage: String, at time: String, files: Int, rows: Int,
                              rejected: Int, outcome: String, _ db: Database) throws {
        try db.execute(sql: """
            UPDATE run_log SET ended_at = ?, files = ?, rows = ?, rejected = ?, outcome = ?
            WHERE run_id = ? AND stage = ?
            """, arguments: [time, files, rows, rejected, outcome, runID, stage])
    }
}

/// Which periods still need aggregating or exporting: the bookkeeping that makes a second run
/// over the same inbox do nothing, and a run killed half-way finish the job next time.
public enum PeriodState {
    public static func markForAggregate(_ periods: Set<String>, _ db: Database) throws {
        for period in periods {
            try db.execute(sql: """
                INSERT INTO period_state (period, needs_aggregate, needs_export) VALUES (?, 1, 1)
                ON CONFLICT (period) DO UPDATE SET needs_aggregate = 1, needs_export = 1
                """, arguments: [period])
        }
    }

    public static func markForExport(_ periods: Set<String>, _ db: Database) throws {
        for period in periods {
            try db.execute(sql: """
                INSERT INTO period_state (period, needs_export) VALUES (?, 1)
                ON CONFLICT (period) DO UPDATE SET needs_export = 1
                """, arguments: [period])
        }
    }

    public static func periodsNeedingAggregate(_ db: Database) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT period FROM period_state WHERE needs_aggregate = 1 ORDER BY period")
    }

    public static func periodsNeedingExport(_ db: Database) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT period FROM period_state WHERE needs_export = 1 ORDER BY period")
    }

    public static func aggregated(_ period: String, _ db: Database) throws {
        try db.execute(sql: "UPDATE period_state SET needs_aggregate = 0 WHERE period = ?", arguments: [period])
    }

    public static func exported(_ period: String, _ db: Database) throws {
        try db.execute(sql: "UPDATE period_state SET needs_export = 0 WHERE period = ?", arguments: [period])
    }

    /// Every period the warehouse reports on (quarters something was sent for, and their years).
    public static func allPeriods(_ db: Database) throws -> [String] {
        try String.fetchAll(db, sql: """
            SELECT period FROM reporting_quarter
            UNION SELECT substr(period, 1, 4) FROM reporting_quarter
            ORDER BY 1
            """)
    }
}
