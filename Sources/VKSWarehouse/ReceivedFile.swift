import GRDB
import VKSModel

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
    public var period: Period?
    public var dataset: Dataset?
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
