import GRDB

/// A finding with its file, as `findings.csv.gz` and `vksict rejections` show it (SPEC §12).
public struct FindingRow: Sendable, Equatable {
    public static let columns = ["period", "province_code", "file", "dataset", "line", "column", "code", "severity",
                                 "value", "message"]

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

    /// Findings of files of the given quarters (nil: every file, those with unreadable names too),
    /// optionally only errors, ordered by province, file, line.
    public static func fetch(quarters: [String]?, province: String?, errorsOnly: Bool = false, asClosed: Bool = false,
                             _ db: Database) throws -> [FindingRow] {
        var rows: [FindingRow] = []
        try forEach(quarters: quarters, province: province, errorsOnly: errorsOnly, asClosed: asClosed, db) { rows.append($0) }
        return rows
    }

    /// The same findings one at a time, for exports: a year of a large inbox has tens of thousands.
    public static func forEach(quarters: [String]?, province: String?, errorsOnly: Bool = false, asClosed: Bool = false,
                               _ db: Database, _ body: (FindingRow) throws -> Void) throws {
        var conditions: [String] = asClosed ? [ReturnStatus.beforeClosure] : []
        var arguments: [any DatabaseValueConvertible] = []
        if let quarters {
            conditions.append("r.period IN (SELECT value FROM json_each(?))")
            arguments.append(JSON.array(quarters))
        }
        if let province {
            conditions.append("r.province_code = ?")
            arguments.append(province)
        }
        if errorsOnly { conditions.append("f.severity = 'error'") }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let rows = try Row.fetchCursor(db, sql: """
            SELECT r.period, r.province_code, r.name, COALESCE(f.dataset, r.dataset), f.line, f.column_name, f.code, f.severity, f.value, f.message, r.id
            FROM finding f JOIN received_file r ON r.id = f.file_id
            \(filter)
            ORDER BY r.province_code, r.name, r.id, f.line, f.id
            """, arguments: StatementArguments(arguments))
        while let row = try rows.next() {
            try body(FindingRow(period: row[0], provinceCode: row[1], fileID: row[10], file: row[2], dataset: row[3], line: row[4],
                                column: row[5], code: row[6], severity: row[7], value: row[8], message: row[9]))
        }
    }

    public var exportCells: [ExportCell] {
        [cell(period), cell(provinceCode), .text(file), cell(dataset), line.map { .number(String($0)) } ?? .empty,
         cell(column), .text(code), .text(severity), cell(value), .text(message)]
    }

    private func cell(_ text: String?) -> ExportCell { text.map { .text($0) } ?? .empty }
}
