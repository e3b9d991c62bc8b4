import GRDB
import VKSModel

/// One file's rows of one dataset: a CSV file holds one return, an XML submission up to four.
///
/// Which version of a return (file-name province × quarter × dataset) counts is recorded here:
/// the newest accepted one is current and names the one it superseded.
public struct FileReturn: Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "file_return"

    public var fileId: Int64
    public var dataset: Dataset
    public var rowsTotal: Int
    public var rowsRejected: Int
    public var rowsLoaded: Int?
    public var isCurrent: Bool
    public var supersedes: Int64?

    public init(fileId: Int64, dataset: Dataset, rowsTotal: Int, rowsRejected: Int) {
        self.fileId = fileId
        self.dataset = dataset
        self.rowsTotal = rowsTotal
        self.rowsRejected = rowsRejected
        isCurrent = false
    }

    // The columns by hand, as `ReceivedFile`'s: each loaded return is read and written a few times.
    public init(row: Row) throws {
        fileId = row["file_id"]
        dataset = row["dataset"]
        rowsTotal = row["rows_total"]
        rowsRejected = row["rows_rejected"]
        rowsLoaded = row["rows_loaded"]
        isCurrent = row["is_current"]
        supersedes = row["supersedes"]
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["file_id"] = fileId
        container["dataset"] = dataset
        container["rows_total"] = rowsTotal
        container["rows_rejected"] = rowsRejected
        container["rows_loaded"] = rowsLoaded
        container["is_current"] = isCurrent
        container["supersedes"] = supersedes
    }
}

public enum ReturnStore {
    /// Replaces what validation recorded of a file's returns (a re-validation must not duplicate them).
    public static func replace(fileID: Int64, with returns: [FileReturn], _ db: Database) throws {
        try FileReturn.filter(Column("file_id") == fileID).deleteAll(db)
        for entry in returns { try entry.insert(db) }
    }

    public static func returns(fileID: Int64, _ db: Database) throws -> [FileReturn] {
        try FileReturn.filter(Column("file_id") == fileID).order(Column("dataset")).fetchAll(db)
    }

    /// Makes a loaded return current: a newer accepted one (by arrival) supersedes the current version
    /// of the same return as named (file-name province, quarter, dataset); an older one stays in
    /// history only. Rejected files never get here, so they supersede nothing.
    public static func makeCurrent(
        fileID: Int64, dataset: Dataset, rowsLoaded: Int, nameProvinceCode: String,
        period: Period, _ db: Database
    ) throws {
        let current = try FileReturn.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT fr.* FROM file_return fr JOIN received_file r ON r.id = fr.file_id
                    WHERE fr.dataset = ? AND fr.is_current = 1 AND r.name_province_code = ? AND r.period = ?
                    """), arguments: [dataset, nameProvinceCode, period])
        var entry =
            try FileReturn.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM file_return WHERE file_id = ? AND dataset = ?"),
                arguments: [fileID, dataset])
            ?? FileReturn(fileId: fileID, dataset: dataset, rowsTotal: rowsLoaded, rowsRejected: 0)
        entry.rowsLoaded = rowsLoaded
        if var current, current.fileId != fileID {
            // The later arrival is the newer revision (ledger order within one arrival second): a
            // delivery checked again after a reference change keeps its arrival, and so its place.
            func arrival(_ id: Int64) throws -> String {
                try String.fetchOne(
                    db.cachedStatement(sql: "SELECT arrived_at FROM received_file WHERE id = ?"), arguments: [id]) ?? ""
            }
            if (try arrival(current.fileId), current.fileId) > (try arrival(fileID), fileID) {
                try entry.save(db)
                try recordSuperseded(fileID: fileID, db)
                return
            }
            current.isCurrent = false
            try current.update(db)
            entry.supersedes = current.fileId
        }
        entry.isCurrent = true
        try entry.save(db)
        // Every earlier delivery of the return is history now (an XML submission for this dataset).
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO superseded_return (file_id, dataset)
                SELECT d.id, ? FROM received_file d, received_file s
                WHERE s.id = ? AND d.name_province_code = s.name_province_code AND d.period = s.period
                  AND (d.dataset IS NULL OR d.dataset = ?)
                  AND (d.arrived_at < s.arrived_at OR (d.arrived_at = s.arrived_at AND d.id < s.id))
                """, arguments: [dataset, fileID, dataset])
    }

    /// Records which returns of `fileID` a later delivery has replaced already: a delivery checked
    /// after a newer one of its return became current (an older arrival, a reopened quarter's file).
    public static func recordSuperseded(fileID: Int64, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO superseded_return (file_id, dataset)
                SELECT DISTINCT d.id, c.dataset
                FROM received_file d
                JOIN received_file s ON s.name_province_code = d.name_province_code AND s.period = d.period
                                    AND (s.arrived_at > d.arrived_at OR (s.arrived_at = d.arrived_at AND s.id > d.id))
                JOIN file_return c ON c.file_id = s.id AND c.is_current = 1
                WHERE d.id = ? AND (d.dataset IS NULL OR c.dataset = d.dataset)
                """, arguments: [fileID])
    }
}
