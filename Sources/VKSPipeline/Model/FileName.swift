import VKSModel

/// What a delivered file's name says: `<province>_<period>_<dataset>.csv[.gz]` or `.xlsx`, or
/// `<province>_<period>.xml[.gz]`.
///
/// Names are matched case-insensitively. The province code is kept as written: for periods before
/// 2025-Q3 it is a former province's code, mapped to today's province only later.
public struct SubmissionName: Sendable, Equatable {
    public enum Format: String, Sendable {
        case csv
        case csvGzip = "csv.gz"
        case xml
        case xmlGzip = "xml.gz"
        /// An Excel workbook (SPEC §4).
        case xlsx
    }

    public let provinceCode: String
    public let periodText: String
    /// Nil when the period part is not a valid `YYYY-Qn` (reported as `E_PERIOD`, not `E_FILE_NAME`).
    public let period: Period?
    /// Nil for XML files, which carry every dataset.
    public let dataset: Dataset?
    public let format: Format

    public var isGzip: Bool { format == .csvGzip || format == .xmlGzip }

    /// Parses the last path component; nil when the name does not follow the convention.
    public init?(fileName: String) {
        let lower = fileName.lowercased()
        let stem: Substring
        let format: Format
        if lower.hasSuffix(".csv.gz") {
            format = .csvGzip
            stem = lower.dropLast(7)
        } else if lower.hasSuffix(".csv") {
            format = .csv
            stem = lower.dropLast(4)
        } else if lower.hasSuffix(".xml.gz") {
            format = .xmlGzip
            stem = lower.dropLast(7)
        } else if lower.hasSuffix(".xml") {
            format = .xml
            stem = lower.dropLast(4)
        } else if lower.hasSuffix(".xlsx") {
            format = .xlsx
            stem = lower.dropLast(5)
        } else {
            return nil
        }
        let parts = stem.split(separator: "_", omittingEmptySubsequences: false)
        let isXML = format == .xml || format == .xmlGzip
        guard parts.count == (isXML ? 2 : 3) else { return nil }
        let province = parts[0]
        guard province.count == 2, province.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        // The period part must at least look like one; a malformed quarter is E_PERIOD.
        let periodPart = String(parts[1]).uppercased()
        guard periodPart.count == 7, periodPart.dropFirst(4).first == "-" else { return nil }
        if isXML {
            dataset = nil
        } else {
            guard let named = Dataset(rawValue: String(parts[2])) else { return nil }
            dataset = named
        }
        provinceCode = String(province)
        periodText = periodPart
        period = Period(periodPart)
        self.format = format
    }
}
