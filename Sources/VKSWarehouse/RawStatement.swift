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
        sqlite3_reset(handle)
        for (offset, value) in values.enumerated() { bind(value, at: Int32(offset + 1)) }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                message: String(cString: sqlite3_errmsg(sqlite3_db_handle(handle))), sql: statement.sql)
        }
    }

    private func bind(_ value: DatabaseValue, at index: Int32) {
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        switch value.storage {
        case .null: sqlite3_bind_null(handle, index)
        case .int64(let number): sqlite3_bind_int64(handle, index, number)
        case .double(let number): sqlite3_bind_double(handle, index, number)
        case .string(let text):
            _ = text.withCString { sqlite3_bind_text(handle, index, $0, Int32(text.utf8.count), transient) }
        case .blob(let bytes):
            _ = bytes.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), transient) }
        }
    }
}
