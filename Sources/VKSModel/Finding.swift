/// How bad a finding is: an error keeps data out of the warehouse, a warning only informs.
public enum Severity: String, Sendable, Comparable {
    case error, warning

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs == .error && rhs == .warning }
}

/// The stable finding codes of SPEC §5. Extend with care; never rename or renumber.
public enum FindingCode: String, CaseIterable, Sendable {
    // File level
    case fileName = "E_FILE_NAME"
    case encoding = "E_ENCODING"
    case gzip = "E_GZIP"
    case xmlMalformed = "E_XML_MALFORMED"
    case xmlSchema = "E_XML_SCHEMA"
    case headerMissing = "E_HEADER_MISSING"
    case headerDuplicate = "E_HEADER_DUPLICATE"
    case empty = "E_EMPTY"
    case tooLarge = "E_TOO_LARGE"
    case period = "E_PERIOD"
    case periodClosed = "E_PERIOD_CLOSED"
    // Row level
    case provinceMismatch = "E_PROVINCE_MISMATCH"
    case rowShape = "E_ROW_SHAPE"
    case required = "E_REQUIRED"
    case type = "E_TYPE"
    case code = "E_CODE"
    case range = "E_RANGE"
    case consistency = "E_CONSISTENCY"
    case duplicateKey = "E_DUPLICATE_KEY"
    // Warnings
    case unknownColumn = "W_UNKNOWN_COLUMN"
    case overspend = "W_OVERSPEND"
    case outlier = "W_OUTLIER"
    case late = "W_LATE"
    case alias = "W_ALIAS"
    case repeatedFile = "W_REPEATED_FILE"
    case skippedRows = "W_SKIPPED_ROWS"

    public var severity: Severity { rawValue.hasPrefix("W_") ? .warning : .error }
}

/// One problem found in a submitted file: data, never a thrown error.
///
/// The file and dataset are those of the file being checked; `line` counts the CSV header as 1;
/// `column` is the dataset's English column name (stable across the Vietnamese and English headers a
/// province may write); `value` is the cell as written.
public struct Finding: Sendable, Equatable {
    public var code: FindingCode
    /// The dataset the finding is about, when known (an XML submission holds several).
    public var dataset: Dataset?
    public var line: Int?
    public var column: String?
    public var value: String?
    /// Vietnamese, for the provincial officer who has to fix the file.
    public var message: String

    public var severity: Severity { code.severity }

    public init(
        _ code: FindingCode, dataset: Dataset? = nil, line: Int? = nil, column: String? = nil,
        value: String? = nil, message: String
    ) {
        self.code = code
        self.dataset = dataset
        self.line = line
        self.column = column
        self.value = value
        // Quoted cells in a message show their invisible characters (SPEC §5).
        self.message = message.showingInvisibles
    }
}
