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
        }
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        database = try DatabaseQueue(path: path, configuration: configuration)
        self.path = path
        try Schema.migrator.migrate(database)
    }

    /// An in-memory warehouse for tests.
    public init() throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        database = try DatabaseQueue(configuration: configuration)
        path = nil
        try Schema.migrator.migrate(database)
    }

    public func read<T>(_ body: (Database) throws -> T) throws -> T { try database.read(body) }
    public func write<T>(_ body: (Database) throws -> T) throws -> T { try database.write(body) }
}
