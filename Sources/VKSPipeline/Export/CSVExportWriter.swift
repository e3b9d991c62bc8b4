import VKSReaders

/// A cell of an export: numbers are written as they are; text is quoted when needed and
/// neutralised against spreadsheet formula injection (SPEC §9).
public enum ExportCell: Sendable, Equatable {
    case text(String)
    case number(String)
    case empty

    /// A row of cells as a CSV line, without its line end.
    public static func line(_ cells: [ExportCell]) -> String {
        cells.map(\.rendered).joined(separator: ",")
    }

    /// The cell as it goes into a CSV file.
    var rendered: String {
        switch self {
        case .empty: return ""
        case .number(let n): return n
        case .text(let text):
            // Looked at as UTF-8 bytes: every character that matters here is ASCII, and a million
            // cells a night should not pay for Unicode character boundaries.
            let utf8 = text.utf8
            // A text cell starting like a formula would run in Excel: prefix an apostrophe, which
            // Excel shows as text and never evaluates.
            let formula = utf8.first.map { [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"),
                                            UInt8(ascii: "\t"), UInt8(ascii: "\r")].contains($0) } ?? false
            let quoted = utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n")
                                         || $0 == UInt8(ascii: "\r") }
            if !formula && !quoted { return text }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(utf8.count + 4)
            if quoted { bytes.append(UInt8(ascii: "\"")) }
            if formula { bytes.append(UInt8(ascii: "'")) }
            for byte in utf8 {
                bytes.append(byte)
                if byte == UInt8(ascii: "\"") { bytes.append(byte) }
            }
            if quoted { bytes.append(UInt8(ascii: "\"")) }
            return String(decoding: bytes, as: UTF8.self)
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
        try appendLine(ExportCell.line(cells))
    }

    /// Appends a row already rendered as CSV (a stored table row), without its line end.
    public func appendLine(_ line: String) throws {
        try gzip.write(line + "\r\n")
        rows += 1
    }

    /// Finishes and commits the file; returns the SHA-256 of its bytes (for the manifest).
    public func commit() throws -> String {
        try gzip.finish()
        try file.commit()
        return hashing.hexDigest
    }
}
