import GRDB
import VKSModel

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
