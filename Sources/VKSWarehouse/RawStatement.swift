import GRDB
import GRDBSQLite

/// A cached statement bound and run through its raw SQLite handle, for the warehouse's many-row
/// writes (findings, rollups): building GRDB's argument array for each row (a box per value) cost
/// more than SQLite's insert itself. SQLite copies text and blobs (SQLITE_TRANSIENT); `run` resets
/// the statement and clears its bindings, so nothing outlives the call.
struct RawStatement {
    private let statement: Statement
    private var handle: OpaquePointer { statement.sqliteStatement }

    init(_ statement: Statement) { self.statement = statement }

    /// Binds `values` (in parameter order) and steps the statement once.
    func run(_ values: [DatabaseValue]) throws {
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        precondition(
            values.count == Int(sqlite3_bind_parameter_count(handle)), "\(values.count) values for \(statement.sql)")
        sqlite3_reset(handle)
        for (offset, value) in values.enumerated() {
            let code = bind(value, at: Int32(offset + 1))
            guard code == SQLITE_OK else { throw error(code) }
        }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else { throw error(code) }
    }

    private func bind(_ value: DatabaseValue, at index: Int32) -> Int32 {
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        switch value.storage {
        case .null: return sqlite3_bind_null(handle, index)
        case .int64(let number): return sqlite3_bind_int64(handle, index, number)
        case .double(let number): return sqlite3_bind_double(handle, index, number)
        case .string(let text):
            return text.withCString { sqlite3_bind_text(handle, index, $0, Int32(text.utf8.count), transient) }
        case .blob(let bytes):
            return bytes.withUnsafeBytes {
                sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), transient)
            }
        }
    }

    private func error(_ code: Int32) -> DatabaseError {
        let connection = sqlite3_db_handle(handle)
        return DatabaseError(
            resultCode: ResultCode(rawValue: sqlite3_extended_errcode(connection)),
            message: String(cString: sqlite3_errmsg(connection)), sql: statement.sql)
    }
}
