import GRDB

/// A finding as stored: the pipeline's finding plus the file it belongs to.
public struct StoredFinding: Sendable, Equatable {
    public var code: String
    public var dataset: String?
    public var severity: String
    public var line: Int?
    public var column: String?
    public var value: String?
    public var message: String

    public init(
        code: String, dataset: String?, severity: String, line: Int?, column: String?, value: String?,
        message: String
    ) {
        self.code = code
        self.dataset = dataset
        self.severity = severity
        self.line = line
        self.column = column
        self.value = value
        self.message = message
    }
}

public enum FindingStore {
    /// Replaces the findings of a file (a re-validation must not duplicate them).
    public static func replace(fileID: Int64, with findings: [StoredFinding], _ db: Database) throws {
        try db.cachedStatement(sql: "DELETE FROM finding WHERE file_id = ?").execute(arguments: [fileID])
        try append(fileID: fileID, findings, db)
    }

    /// Adds findings to a file's (the plausibility checks, which run once its rows are loaded).
    public static func append(fileID: Int64, _ findings: [StoredFinding], _ db: Database) throws {
        guard !findings.isEmpty else { return }
        let insert = RawStatement(
            try db.cachedStatement(
                sql: """
                    INSERT INTO finding (file_id, code, dataset, severity, line, column_name, value, message)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """))
        for finding in findings {
            try insert.run([
                fileID.databaseValue, finding.code.databaseValue, finding.dataset.databaseValue,
                finding.severity.databaseValue, finding.line.databaseValue, finding.column.databaseValue,
                finding.value.databaseValue, finding.message.databaseValue,
            ])
        }
    }
}
