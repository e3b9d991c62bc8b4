import GRDB
import VKSModel

/// The findings of each file, as the `finding` table keeps them (SPEC §5).
public enum FindingStore {
    /// Replaces the findings of a file (a re-validation must not duplicate them).
    public static func replace(fileID: Int64, with findings: [Finding], _ db: Database) throws {
        try db.cachedStatement(sql: "DELETE FROM finding WHERE file_id = ?").execute(arguments: [fileID])
        try append(fileID: fileID, findings, db)
    }

    /// Adds findings to a file's (the plausibility checks, which run once its rows are loaded).
    public static func append(fileID: Int64, _ findings: [Finding], _ db: Database) throws {
        guard !findings.isEmpty else { return }
        let insert = RawStatement(
            try db.cachedStatement(
                sql: """
                    INSERT INTO finding (file_id, code, dataset, severity, line, column_name, value, message)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """))
        for finding in findings {
            try insert.run([
                fileID.databaseValue, finding.code.rawValue.databaseValue, finding.dataset.databaseValue,
                finding.severity.rawValue.databaseValue, finding.line.databaseValue, finding.column.databaseValue,
                finding.value.databaseValue, finding.message.databaseValue,
            ])
        }
    }
}
