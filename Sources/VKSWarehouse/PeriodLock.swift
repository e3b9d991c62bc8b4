import GRDB
import VKSModel

/// Closing and reopening quarters (issue 5): a closed quarter takes no more files.
public enum PeriodLock {
    public struct Closure: Sendable, Equatable {
        public let period: Period
        public let closedAt: String
        public let lastFileID: Int64
    }

    public static func closure(of period: Period, _ db: Database) throws -> Closure? {
        try Row.fetchOne(
            db, sql: "SELECT period, closed_at, last_file_id FROM period_closure WHERE period = ?",
            arguments: [period]
        ).map { Closure(period: $0[0], closedAt: $0[1], lastFileID: $0[2]) }
    }

    public static func closures(_ db: Database) throws -> [Period: Closure] {
        let rows = try Row.fetchAll(db, sql: "SELECT period, closed_at, last_file_id FROM period_closure")
        return Dictionary(
            uniqueKeysWithValues: rows.map {
                ($0[0] as Period, Closure(period: $0[0], closedAt: $0[1], lastFileID: $0[2]))
            })
    }

    /// The closed quarters, as the reporting periods aggregate and export pass over.
    public static func closedPeriods(_ db: Database) throws -> Set<ReportingPeriod> {
        Set(try closures(db).keys.map(\.reporting))
    }

    public static func close(_ period: Period, at time: String, reason: String?, _ db: Database) throws {
        let last = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM received_file") ?? 0
        try db.execute(
            sql: "INSERT INTO period_event (period, action, at, reason, last_file_id) VALUES (?, 'close', ?, ?, ?)",
            arguments: [period, time, reason, last])
    }

    /// Reopens a quarter; files refused only because it was closed go back to the queue, so the next
    /// run takes them in.
    public static func reopen(_ period: Period, at time: String, reason: String, _ db: Database) throws -> Int {
        let last = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM received_file") ?? 0
        try db.execute(
            sql: "INSERT INTO period_event (period, action, at, reason, last_file_id) VALUES (?, 'reopen', ?, ?, ?)",
            arguments: [period, time, reason, last])
        let refused = try Int64.fetchAll(
            db,
            sql: """
                SELECT r.id FROM received_file r WHERE r.period = ? AND r.status = 'rejected'
                  AND EXISTS (SELECT 1 FROM finding f WHERE f.file_id = r.id AND f.code = 'E_PERIOD_CLOSED')
                """, arguments: [period])
        for id in refused {
            try db.execute(sql: "DELETE FROM finding WHERE file_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM file_return WHERE file_id = ?", arguments: [id])
            try db.execute(
                sql:
                    "UPDATE received_file SET status = 'received', validated_at = NULL, validated_run_id = NULL WHERE id = ?",
                arguments: [id])
        }
        return refused.count
    }
}
