import GRDB

/// A cell after parsing: what normalisation will store.
public enum CellValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case text(String)

    public var integer: Int64? { if case .integer(let n) = self { n } else { nil } }
    public var text: String? { if case .text(let s) = self { s } else { nil } }

    /// The value as SQLite stores it.
    var databaseValue: DatabaseValue {
        switch self {
        case .null: .null
        case .integer(let n): n.databaseValue
        case .text(let s): s.databaseValue
        }
    }

    /// The value as it would be written back: compared with the raw cell to keep provenance.
    var canonicalText: String? {
        switch self {
        case .null: nil
        case .integer(let n): String(n)
        case .text(let s): s
        }
    }
}

/// A row that passed every check, its values in the dataset's column order.
public struct CheckedRow: Sendable {
    public let dataset: Dataset
    public let line: Int
    public let values: [CellValue]
    /// The cells as written, for the columns whose written form differs from the stored value.
    public let rawDifferences: [(column: String, raw: String)]

    public func value(_ column: String, in schema: DatasetSchema) -> CellValue {
        values[schema.index(of: column)!]
    }
}

/// What checking one file found.
public struct FileCheckResult: Sendable {
    public var findings: [Finding] = []
    public var rowsTotal = 0
    public var rowsRejected = 0
    public var encoding = "UTF-8"
    public var delimiter: String?
    /// Rows read and rows rejected per dataset: a CSV file holds one return, an XML file up to four.
    public var returns: [Dataset: ReturnCount] = [:]
    /// Set when the file as a whole cannot be taken (file-level error): no row of it may load.
    public var fileRejected = false

    public struct ReturnCount: Sendable, Equatable {
        public var rows = 0
        public var rejected = 0
    }

    public var errorCount: Int { findings.filter { $0.severity == .error }.count }
    public var warningCount: Int { findings.count - errorCount }
}
