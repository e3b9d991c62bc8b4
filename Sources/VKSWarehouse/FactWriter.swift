import Foundation
import GRDB
import GRDBSQLite
import VKSModel

/// Inserts checked rows into a dataset's fact table, `rowsPerStatement` rows to a statement.
///
/// The statements are derived from the dataset schema, whose column names are the fact table's.
/// Values are bound through the statements' raw SQLite handles: GRDB's argument arrays box every
/// value, and facts are the one bulk write of the pipeline (STYLE: "or the statement's raw handle").
/// A multi-row `INSERT … VALUES (…), (…)` pays SQLite's per-statement work (opening and closing the
/// table's and the index's cursors, resetting) once for many rows; rows keep their order, and so
/// the warehouse is the same as with one row per statement. Call `finish()` after the last row.
///
/// Every SQLite call's result code is checked: a bind that failed would otherwise store the value
/// an earlier row left in its parameter.
public final class FactWriter {
    static let rowsPerStatement = 64

    /// One row to insert: its line in the file, its values in the schema's column order, and (JSON)
    /// the cells as written where they differ from the stored values.
    public struct Row: Sendable {
        public let line: Int
        public let values: [CellValue]
        public let raw: String?

        public init(line: Int, values: [CellValue], raw: String?) {
            self.line = line
            self.values = values
            self.raw = raw
        }
    }

    public let schema: DatasetSchema
    private let many: Statement
    private let one: Statement
    private let columnCount: Int
    private var waiting: [Row] = []
    private let cells = TextCells()

    public init(schema: DatasetSchema, fileID: Int64, quarter: Period, provinceCode: String, db: Database) throws {
        self.schema = schema
        let columns = ["file_id", "line", "quarter", "province_code"] + schema.columns.map(\.name) + ["raw"]
        columnCount = columns.count
        let row = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        let insert = "INSERT INTO \(schema.dataset.rawValue)_fact (\(columns.joined(separator: ", "))) VALUES "
        many = try db.cachedStatement(
            sql: insert + Array(repeating: row, count: Self.rowsPerStatement).joined(separator: ", "))
        one = try db.cachedStatement(sql: insert + row)
        waiting.reserveCapacity(Self.rowsPerStatement)
        // The file's own columns are the same on every row, and SQLite keeps a binding across resets.
        for (statement, rows) in [(many, Self.rowsPerStatement), (one, 1)] {
            let handle = statement.sqliteStatement
            sqlite3_reset(handle)
            for slot in 0..<rows {
                let first = Int32(slot * columnCount)
                try check(sqlite3_bind_int64(handle, first + 1, fileID), statement)
                try check(Self.bindCopy(quarter.description, at: first + 3, handle), statement)
                try check(Self.bindCopy(provinceCode, at: first + 4, handle), statement)
            }
        }
    }

    public func insert(_ row: Row) throws {
        // Every parameter of a row is bound on each step; a short row would leave one pointing into
        // the buffer of an earlier statement.
        precondition(
            row.values.count == schema.columns.count, "a \(schema.dataset.rawValue) row of \(row.values.count) values")
        waiting.append(row)
        if waiting.count == Self.rowsPerStatement {
            try run(many, rows: waiting)
            waiting.removeAll(keepingCapacity: true)
        }
    }

    /// Inserts the rows still waiting, one statement each.
    public func finish() throws {
        for row in waiting { try run(one, rows: [row]) }
        waiting.removeAll(keepingCapacity: true)
    }

    /// The statements are cached for the next file, so their bindings go with the writer, finished
    /// or not (a load that failed half-way): none may outlive the buffer it points into.
    deinit {
        for statement in [many, one] {
            sqlite3_reset(statement.sqliteStatement)
            sqlite3_clear_bindings(statement.sqliteStatement)
        }
    }

    private func run(_ statement: Statement, rows: [Row]) throws {
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        cells.reset(forRows: rows)
        for (slot, row) in rows.enumerated() {
            let first = Int32(slot * columnCount)
            try check(sqlite3_bind_int64(handle, first + 2, Int64(row.line)), statement)
            for (offset, value) in row.values.enumerated() {
                let index = first + Int32(5 + offset)
                let code: Int32
                switch value {
                case .null: code = sqlite3_bind_null(handle, index)
                case .integer(let number): code = sqlite3_bind_int64(handle, index, number)
                case .text(let text):
                    let (start, count) = cells.append(text)
                    // SQLITE_STATIC (a null destructor): SQLite reads the bytes where they are, until
                    // the next reset, which comes before `cells` is written again.
                    code = sqlite3_bind_text(handle, index, start, count, nil)
                }
                try check(code, statement)
            }
            let rawIndex = first + Int32(5 + row.values.count)
            try check(
                row.raw.map { Self.bindCopy($0, at: rawIndex, handle) } ?? sqlite3_bind_null(handle, rawIndex),
                statement)
        }
        try check(sqlite3_step(handle), statement, expecting: SQLITE_DONE)
    }

    /// Throws SQLite's own error unless `code` is the one expected.
    private func check(_ code: Int32, _ statement: Statement, expecting expected: Int32 = SQLITE_OK) throws {
        guard code != expected else { return }
        let connection = sqlite3_db_handle(statement.sqliteStatement)
        throw DatabaseError(
            resultCode: ResultCode(rawValue: sqlite3_extended_errcode(connection)),
            message: String(cString: sqlite3_errmsg(connection)), sql: statement.sql)
    }

    /// SQLite copies the text (SQLITE_TRANSIENT, a macro Swift cannot import).
    private static func bindCopy(_ text: String, at index: Int32, _ handle: OpaquePointer) -> Int32 {
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        var text = text
        return text.withUTF8 { utf8 in
            guard let base = utf8.baseAddress, !utf8.isEmpty else {
                return "".withCString { sqlite3_bind_text(handle, index, $0, 0, transient) }
            }
            return base.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
                sqlite3_bind_text(handle, index, $0, Int32(utf8.count), transient)
            }
        }
    }
}

/// A statement's text cells laid end to end in one buffer, kept from statement to statement, so that SQLite can bind
/// them in place instead of copying each into an allocation of its own (a `malloc` and a `free` per
/// cell, most of the bind's cost).
private final class TextCells {
    private var buffer = UnsafeMutablePointer<CChar>.allocate(capacity: 256)
    private var capacity = 256
    private var used = 0

    deinit { buffer.deallocate() }

    /// Makes room for every text cell of `rows` at once: the buffer must not move while the
    /// statement's bindings point into it.
    func reset(forRows rows: [FactWriter.Row]) {
        used = 0
        var needed = 0
        for row in rows {
            for case .text(let text) in row.values { needed += text.utf8.count }
        }
        guard needed > capacity else { return }
        buffer.deallocate()
        capacity = max(needed, capacity * 2)
        buffer = UnsafeMutablePointer<CChar>.allocate(capacity: capacity)
    }

    /// Copies `text` after the cells before it; where it starts and its length in bytes.
    func append(_ text: String) -> (UnsafePointer<CChar>, Int32) {
        var text = text
        let start = buffer + used
        let count = text.withUTF8 { utf8 in
            utf8.withMemoryRebound(to: CChar.self) { bytes in
                if let base = bytes.baseAddress { start.update(from: base, count: bytes.count) }
                return bytes.count
            }
        }
        used += count
        return (UnsafePointer(start), Int32(count))
    }
}
