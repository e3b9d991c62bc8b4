import GRDB

/// The run log: every stage of every run with its counts and outcome.
public enum RunLog {
    public static func start(runID: String, stage: String, at time: String, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO run_log (run_id, stage, started_at) VALUES (?, ?, ?)
                ON CONFLICT (run_id, stage) DO UPDATE SET started_at = excluded.started_at
                """, arguments: [runID, stage, time])
    }

    public static func finish(
        runID: String, stage: String, at time: String, files: Int, rows: Int,
        rejected: Int, outcome: String, _ db: Database
    ) throws {
        try db.execute(
            sql: """
                UPDATE run_log SET ended_at = ?, files = ?, rows = ?, rejected = ?, outcome = ?
                WHERE run_id = ? AND stage = ?
                """, arguments: [time, files, rows, rejected, outcome, runID, stage])
    }

    public static func exists(runID: String, _ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM run_log WHERE run_id = ?)", arguments: [runID])
            ?? false
    }
}
