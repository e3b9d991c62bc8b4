import Foundation
import GRDB
import GRDBSQLite

/// Inserts checked rows into a dataset's fact table with one prepared statement, reused row after row.
///
/// The statement is derived from the dataset schema, whose column names are the fact table's. Values
/// are bound through the statement's raw SQLite handle: GRDB's argument arrays box every value, and
/// facts are the one bulk write of the pipeline (STYLE: "or the statement's raw handle").
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
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        sqlite3_bind_int64(handle, 1, fileID)
        sqlite3_bind_int64(handle, 2, Int64(row.line))
        Self.bind(quarter, at: 3, handle)
        Self.bind(provinceCode, at: 4, handle)
        for (offset, value) in row.values.enumerated() {
            let index = Int32(5 + offset)
            switch value {
            case .null: sqlite3_bind_null(handle, index)
            case .integer(let number): sqlite3_bind_int64(handle, index, number)
            case .text(let text): Self.bind(text, at: index, handle)
            }
        }
        let rawIndex = Int32(5 + row.values.count)
        if row.rawDifferences.isEmpty {
            sqlite3_bind_null(handle, rawIndex)
        } else {
            Self.bind(JSON.object(row.rawDifferences), at: rawIndex, handle)
        }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                message: String(cString: sqlite3_errmsg(sqlite3_db_handle(handle))), sql: statement.sql)
        }
    }

    /// SQLite copies the text (SQLITE_TRANSIENT, a macro Swift cannot import).
    private static func bind(_ text: String, at index: Int32, _ handle: OpaquePointer) {
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        var text = text
        text.withUTF8 { utf8 in
            guard let base = utf8.baseAddress, !utf8.isEmpty else {
                _ = "".withCString { sqlite3_bind_text(handle, index, $0, 0, transient) }
                return
            }
            _ = base.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
                sqlite3_bind_text(handle, index, $0, Int32(utf8.count), transient)
            }
        }
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
