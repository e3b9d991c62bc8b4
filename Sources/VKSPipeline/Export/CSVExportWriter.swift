import VKSReaders

/// A cell of an export: numbers are written as they are; text is quoted when needed and
/// neutralised against spreadsheet formula injection (SPEC §9).
public enum ExportCell: Sendable, Equatable {
    case text(String)
    case number(String)
    case empty

    /// The cell as it goes into a CSV file.
    public var csvText: String { rendered }

    var rendered: String {
        switch self {
        case .empty: return ""
        case .number(let n): return n
        case .text(let raw):
            var text = raw
            // A text cell starting like a formula would run in Excel: prefix an apostrophe, which
            // Excel shows as text and never evaluates.
            if let first = text.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
                text = "'" + text
            }
            if text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
                return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            return text
        }
    }
}

/// Writes one `.csv.gz` export: UTF-8 with BOM (so Excel shows Vietnamese), CRLF, gzip without
/// time stamp or name, into a file that appears whole or not at all.
public final class CSVExportWriter {
    private let file: AtomicFile
    private let gzip: GzipWriter
    private let hashing: HashingSink
    public let columns: [String]
    public private(set) var rows = 0

    public init(path: String, columns: [String]) throws {
        file = try AtomicFile(path: path)
        hashing = HashingSink(destination: file)
        gzip = try GzipWriter(destination: hashing)
        self.columns = columns
        try gzip.write([0xEF, 0xBB, 0xBF])
        try gzip.write(columns.joined(separator: ",") + "\r\n")
    }

    public func append(_ cells: [ExportCell]) throws {
        precondition(cells.count == columns.count, "export row width")
        try gzip.write(cells.map(\.rendered).joined(separator: ",") + "\r\n")
        rows += 1
    }

    /// Finishes and commits the file; returns the SHA-256 of its bytes (for the manifest).
    public func commit() throws -> String {
        try gzip.finish()
        try file.commit()
        return hashing.hexDigest
    }
}
