import GRDB
import VKSModel

/// A finding with its file, as `findings.csv.gz` and `vksict rejections` show it (SPEC §12).
public struct FindingRow: Sendable, Equatable {
    public static let columns = [
        "period", "province_code", "file", "dataset", "line", "column", "code", "severity",
        "value", "message",
    ]

    public let period: String?
    public let provinceCode: String?
    /// The ledger id of the file: two versions sent under one name are two files.
    public let fileID: Int64
    public let file: String
    public let dataset: String?
    public let line: Int?
    public let column: String?
    public let code: String
    public let severity: String
    public let value: String?
    public let message: String

    /// Current findings (SPEC §5: not those of a delivery a later one of its return replaced) of files
    /// of the given quarters (nil: every file, those with unreadable names too), optionally only errors,
    /// ordered by province, file, line. With `rejectedBy`, every finding of the files that run rejected,
    /// current or not: what that run said.
    public static func fetch(
        quarters: [Period]?, province: String?, files: Set<Int64>? = nil, errorsOnly: Bool = false,
        asClosed: Bool = false, rejectedBy runID: String? = nil, _ db: Database
    ) throws -> [FindingRow] {
        var rows: [FindingRow] = []
        try forEach(
            quarters: quarters, province: province, files: files, errorsOnly: errorsOnly, asClosed: asClosed,
            rejectedBy: runID, db
        ) {
            rows.append($0)
        }
        return rows
    }

    /// The same findings one at a time, for exports: a year of a large inbox has hundreds of thousands.
    /// `provinces` keeps the files of those provinces and those of no known province.
    public static func forEach(
        quarters: [Period]?, province: String?, provinces: Set<String>? = nil, files: Set<Int64>? = nil,
        errorsOnly: Bool = false, asClosed: Bool = false, rejectedBy runID: String? = nil,
        _ db: Database, _ body: (FindingRow) throws -> Void
    ) throws {
        let (filter, arguments) = Self.filter(
            quarters: quarters, province: province, provinces: provinces, files: files,
            errorsOnly: errorsOnly, asClosed: asClosed, rejectedBy: runID)
        // Each file's errors before its warnings (SPEC §5: wherever findings are listed for a person).
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT r.period, r.province_code, r.name, COALESCE(f.dataset, r.dataset), f.line, f.column_name, f.code, f.severity, f.value, f.message, r.id
                FROM \(runID == nil ? "current_finding" : "finding") f JOIN received_file r ON r.id = f.file_id
                \(filter)
                ORDER BY r.province_code, r.name, r.id, f.severity = 'warning', f.line, f.id
                """, arguments: arguments)
        while let row = try rows.next() {
            try body(
                FindingRow(
                    period: row[0], provinceCode: row[1], fileID: row[10], file: row[2], dataset: row[3], line: row[4],
                    column: row[5], code: row[6], severity: row[7], value: row[8], message: row[9]))
        }
    }

    /// How many current findings of each code each province's files have (nil province: an unreadable name).
    static func counts(quarters: [Period], asClosed: Bool, _ db: Database) throws -> [(
        province: String?, code: String, count: Int
    )] {
        let (filter, arguments) = Self.filter(
            quarters: quarters, province: nil, files: nil, errorsOnly: false, asClosed: asClosed)
        return try Row.fetchAll(
            db,
            sql: """
                SELECT r.province_code, f.code, COUNT(*) FROM current_finding f JOIN received_file r ON r.id = f.file_id
                \(filter)
                GROUP BY r.province_code, f.code ORDER BY r.province_code, f.code
                """, arguments: arguments
        ).map { ($0[0], $0[1], $0[2]) }
    }

    /// The files of the given quarters that have current findings, in ledger order.
    static func files(quarters: [Period], asClosed: Bool, _ db: Database) throws -> [Int64] {
        let (filter, arguments) = Self.filter(
            quarters: quarters, province: nil, files: nil, errorsOnly: false, asClosed: asClosed)
        return try Int64.fetchAll(
            db,
            sql: """
                SELECT DISTINCT r.id FROM current_finding f JOIN received_file r ON r.id = f.file_id \(filter) ORDER BY r.id
                """, arguments: arguments)
    }

    private static func filter(
        quarters: [Period]?, province: String?, provinces: Set<String>? = nil, files: Set<Int64>?,
        errorsOnly: Bool, asClosed: Bool, rejectedBy runID: String? = nil
    ) -> (String, StatementArguments) {
        var conditions: [String] = asClosed ? [ReturnStatus.beforeClosure] : []
        var arguments: [any DatabaseValueConvertible] = []
        if let runID {
            conditions.append("r.status = 'rejected' AND r.validated_run_id = ?")
            arguments.append(runID)
        }
        if let quarters {
            conditions.append("r.period IN (SELECT value FROM json_each(?))")
            arguments.append(JSON.array(quarters.map(\.description)))
        }
        if let province {
            conditions.append("r.province_code = ?")
            arguments.append(province)
        }
        if let provinces {
            conditions.append("(r.province_code IS NULL OR r.province_code IN (SELECT value FROM json_each(?)))")
            arguments.append(JSON.array(provinces.sorted()))
        }
        if let files {
            conditions.append("r.id IN (SELECT value FROM json_each(?))")
            arguments.append("[" + files.sorted().map(String.init).joined(separator: ",") + "]")
        }
        if errorsOnly { conditions.append("f.severity = 'error'") }
        return (
            conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "), StatementArguments(arguments)
        )
    }

    public var exportCells: [ExportCell] {
        [
            cell(period), cell(provinceCode), .text(file), cell(dataset), line.map { .number(String($0)) } ?? .empty,
            cell(column), .text(code), .text(severity), cell(value), .text(message),
        ]
    }

    private func cell(_ text: String?) -> ExportCell { text.map { .text($0) } ?? .empty }
}
