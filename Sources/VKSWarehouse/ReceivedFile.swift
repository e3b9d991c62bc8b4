import Foundation
import GRDB

/// One row of the ledger: a file as received, and what became of it.
public struct ReceivedFile: Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "received_file"

    public enum Status: String, Sendable, DatabaseValueConvertible { case received, accepted, rejected }

    public var id: Int64?
    public var sha256: String
    public var name: String
    public var size: Int64
    public var arrivedAt: String
    public var runId: String
    public var nameProvinceCode: String?
    public var provinceCode: String?
    public var period: String?
    public var dataset: String?
    public var format: String?
    public var encoding: String?
    public var delimiter: String?
    public var status: Status
    public var validatedAt: String?
    /// The run whose validate stage decided the file.
    public var validatedRunId: String?
    public var rowsTotal: Int?
    public var rowsRejected: Int?
    public var errors: Int
    public var warnings: Int
    public var onTime: Bool?
    public var loadedAt: String?

    public init(sha256: String, name: String, size: Int64, arrivedAt: String, runId: String) {
        self.sha256 = sha256
        self.name = name
        self.size = size
        self.arrivedAt = arrivedAt
        self.runId = runId
        status = .received
        errors = 0
        warnings = 0
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    // The columns by hand, not through Codable: GRDB's Codable path spelled every property name in
    // snake case again on every row, and a night updates each file's row twice.
    public init(row: Row) throws {
        id = row["id"]
        sha256 = row["sha256"]
        name = row["name"]
        size = row["size"]
        arrivedAt = row["arrived_at"]
        runId = row["run_id"]
        nameProvinceCode = row["name_province_code"]
        provinceCode = row["province_code"]
        period = row["period"]
        dataset = row["dataset"]
        format = row["format"]
        encoding = row["encoding"]
        delimiter = row["delimiter"]
        guard let status = Status(rawValue: row["status"] ?? "") else {
            throw DatabaseError(message: "received_file \(String(describing: row["id"] as Int64?)): unknown status")
        }
        self.status = status
        validatedAt = row["validated_at"]
        validatedRunId = row["validated_run_id"]
        rowsTotal = row["rows_total"]
        rowsRejected = row["rows_rejected"]
        errors = row["errors"]
        warnings = row["warnings"]
        onTime = row["on_time"]
        loadedAt = row["loaded_at"]
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id
        container["sha256"] = sha256
        container["name"] = name
        container["size"] = size
        container["arrived_at"] = arrivedAt
        container["run_id"] = runId
        container["name_province_code"] = nameProvinceCode
        container["province_code"] = provinceCode
        container["period"] = period
        container["dataset"] = dataset
        container["format"] = format
        container["encoding"] = encoding
        container["delimiter"] = delimiter
        container["status"] = status
        container["validated_at"] = validatedAt
        container["validated_run_id"] = validatedRunId
        container["rows_total"] = rowsTotal
        container["rows_rejected"] = rowsRejected
        container["errors"] = errors
        container["warnings"] = warnings
        container["on_time"] = onTime
        container["loaded_at"] = loadedAt
    }
}

/// Reading and updating the ledger.
public enum Ledger {
    /// The delivery last taken in from an inbox path: a file is new when its bytes differ from these.
    public static func lastDelivery(path: String, _ db: Database) throws -> ReceivedFile? {
        // Asked once per inbox file every night: the statements are prepared once.
        // In the order revisions are decided in: a delivery adopted from a v7 sighting has a new id but
        // its old arrival.
        try ReceivedFile.fetchOne(db.cachedStatement(sql: """
            SELECT * FROM received_file WHERE name = ? ORDER BY arrived_at DESC, id DESC LIMIT 1
            """), arguments: [path])
    }

    /// Whether any delivery brought these bytes (they are in the archive then).
    public static func knows(sha256: String, _ db: Database) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM received_file WHERE sha256 = ?)"),
                          arguments: [sha256]) ?? false
    }

    /// The first delivery before `file` (by arrival, then ledger order) that brought the same bytes for
    /// another return than `file`'s, named by its file name: what `W_REPEATED_FILE` points at.
    public static func earlierDeliveryOfTheSameBytes(for file: ReceivedFile, _ db: Database) throws -> ReceivedFile? {
        let earlier = try ReceivedFile.fetchAll(db.cachedStatement(sql: """
            SELECT * FROM received_file
            WHERE sha256 = ? AND id <> ? AND (arrived_at < ? OR (arrived_at = ? AND id < ?)) AND period IS NOT NULL
            ORDER BY arrived_at, id
            """), arguments: [file.sha256, file.id, file.arrivedAt, file.arrivedAt, file.id])
        return earlier.first {
            ($0.nameProvinceCode, $0.period, $0.dataset) != (file.nameProvinceCode, file.period, file.dataset)
        }
    }

    /// Sends back to validation every rejected delivery whose findings are current, in open quarters
    /// (narrowed by `periods`, quarters or years, and today's `province` when given): after a reference
    /// change, a file refused for a unit or an alias Cục 2 has since added is checked again and, if it
    /// passes now, accepted with its arrival time unchanged (SPEC §5). Returns how many.
    ///
    /// Files accepted with rows held back (`quarantine_rows`) stay as they are: their returns count
    /// already, and a province sends the held-back rows again.
    public static func requeueForRecheck(periods: [String]?, province: String?, _ db: Database) throws -> Int {
        var conditions = ["""
            status = 'rejected' AND errors > 0 AND period IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM period_closure c WHERE c.period = received_file.period)
            AND NOT (dataset IS NOT NULL AND id IN (SELECT file_id FROM superseded_return))
            AND NOT (dataset IS NULL AND id IN (SELECT file_id FROM superseded_submission))
            """]
        var arguments: [any DatabaseValueConvertible] = []
        if let periods {
            conditions.append("(period IN (SELECT value FROM json_each(?)) OR substr(period, 1, 4) IN (SELECT value FROM json_each(?)))")
            let list = try String(decoding: JSONEncoder().encode(periods), as: UTF8.self)
            arguments += [list, list]
        }
        if let province {
            conditions.append("province_code = ?")
            arguments.append(province)
        }
        try db.execute(sql: """
            UPDATE received_file SET status = 'received', validated_at = NULL, validated_run_id = NULL
            WHERE \(conditions.joined(separator: " AND "))
            """, arguments: StatementArguments(arguments))
        return db.changesCount
    }

    /// Files in a status, oldest first, narrowed by period and province (today's code) when given.
    public static func files(status: ReceivedFile.Status, periods: [String]?, province: String?,
                             _ db: Database) throws -> [ReceivedFile] {
        var request = ReceivedFile.filter(Column("status") == status.rawValue)
        if let periods {
            let years = periods.filter { $0.count == 4 }
            request = request.filter(periods.contains(Column("period")) || years.contains(Column("period").substr(1, 4)))
        }
        if let province { request = request.filter(Column("province_code") == province) }
        return try request.order(Column("id")).fetchAll(db)
    }
}

extension SQLSpecificExpressible {
    func substr(_ start: Int, _ length: Int) -> SQLExpression {
        SQL("substr(\(self), \(start), \(length))").sqlExpression
    }
}
