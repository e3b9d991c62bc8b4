import Foundation
import GRDB

/// The SQLite warehouse: one file, WAL, foreign keys on, schema from named migrations.
///
/// A thin owner of the GRDB connection; the tables are described in `Schema.swift` and each kind of
/// record has its own small store file (ledger, findings, facts, run log, reference).
public final class Warehouse: Sendable {
    public let database: DatabaseQueue
    public let path: String?

    /// Opens (creating if needed) the warehouse at `path` and brings its schema up to date.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // WAL lets an analyst's read-only command run while the nightly run writes.
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            Self.reportSlowStatementsIfAsked(db)
        }
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        database = try DatabaseQueue(path: path, configuration: configuration)
        self.path = path
        try Schema.migrator.migrate(database)
    }

    /// Profiling aid (`VKSICT_SLOW_SQL_MS=50 vksict run`): every statement slower than the threshold
    /// goes to standard error with its time, to find which query a slow stage waits on.
    private static func reportSlowStatementsIfAsked(_ db: Database) {
        guard let threshold = ProcessInfo.processInfo.environment["VKSICT_SLOW_SQL_MS"].flatMap(Double.init) else {
            return
        }
        let seconds = threshold / 1000
        db.trace(options: .profile) { event in
            guard case .profile(let statement, let duration) = event, duration >= seconds else { return }
            let sql = statement.sql.split(whereSeparator: \.isNewline).joined(separator: " ").prefix(300)
            FileHandle.standardError.write(Data("slow SQL \(Int(duration * 1000)) ms: \(sql)\n".utf8))
        }
    }

    /// A second, read-only connection to the warehouse at `path`, for reading beside the writer
    /// (WAL lets it see everything committed).
    public static func readOnly(path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in reportSlowStatementsIfAsked(db) }
        return try DatabaseQueue(path: path, configuration: configuration)
    }

    /// An in-memory warehouse for tests.
    public init() throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        database = try DatabaseQueue(configuration: configuration)
        path = nil
        try Schema.migrator.migrate(database)
    }

    /// Runs `body` with this connection's foreign-key checks off: for the fact load only. Checking
    /// that each fact's `file_id` names a ledger row opens a cursor on the ledger per insert, about
    /// 1 µs a row, a third of SQLite's share of loading (`INSERT … SELECT` of 418k hardware facts:
    /// 0.77 s with the checks, 0.25 s without). `normalize` proves the reference once per file
    /// instead: it updates the file's own ledger row in the transaction that inserts its facts, and
    /// that update fails if the row is not there. The checks are back on when `body` returns or throws.
    public func withoutForeignKeyChecks<T>(_ body: () throws -> T) throws -> T {
        func checks(_ on: Bool) throws {
            try database.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA foreign_keys = \(on ? "ON" : "OFF")")
            }
        }
        try checks(false)
        let result: T
        do {
            result = try body()
        } catch {
            try? checks(true)  // the body's error is the one to report
            throw error
        }
        try checks(true)
        return result
    }

    public func read<T>(_ body: (Database) throws -> T) throws -> T { try database.read(body) }
    public func write<T>(_ body: (Database) throws -> T) throws -> T { try database.write(body) }
}
