import Foundation
import GRDB

/// Inserts checked rows into a dataset's fact table with one prepared statement, reused row after row.
///
/// The statement is derived from the dataset schema, whose column names are the fact table's.
struct FactWriter {
    let schema: DatasetSchema
    let statement: Statement
    let fileID: Int64
    let quarter: String
    let provinceCode: String

    init(schema: DatasetSchema, fileID: Int64, quarter: String, provinceCode: String, db: Database) throws {
        self.schema = schema
        self.fileID = fileID
        self.quarter = quarter
        self.provinceCode = provinceCode
        let columns = ["file_id", "line", "quarter", "province_code"] + schema.columns.map(\.name) + ["raw"]
        let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        statement = try db.cachedStatement(
            sql: "INSERT INTO \(schema.dataset.rawValue)_fact (\(columns.joined(separator: ", "))) VALUES (\(placeholders))")
    }

    func insert(_ row: CheckedRow) throws {
        var arguments: [(any DatabaseValueConvertible)?] = [fileID, row.line, quarter, provinceCode]
        for value in row.values {
            switch value {
            case .null: arguments.append(nil)
            case .integer(let n): arguments.append(n)
            case .text(let s): arguments.append(s)
            }
        }
        arguments.append(row.rawDifferences.isEmpty ? nil : JSON.object(row.rawDifferences))
        statement.setUncheckedArguments(StatementArguments(arguments))
        try statement.execute()
    }
}

/// Just enough JSON writing for provenance, manifests and `inspect`: deterministic, no Foundation round trip.
public enum JSON {
    public static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) }
                else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }

    /// `{"key":"value",…}` in the given order.
    public static func object(_ pairs: [(String, String)]) -> String {
        "{" + pairs.map { string($0.0) + ":" + string($0.1) }.joined(separator: ",") + "}"
    }

    public static func array(_ items: [String]) -> String { "[" + items.map(string).joined(separator: ",") + "]" }
}
