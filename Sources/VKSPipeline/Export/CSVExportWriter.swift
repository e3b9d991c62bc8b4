import VKSReaders

/// A cell of an export: numbers are written as they are; text is quoted when needed and
/// neutralised against spreadsheet formula injection (SPEC §9).
public enum ExportCell: Sendable, Equatable {
    case text(String)
    case number(String)
    case empty

    /// A row of cells as a CSV line, without its line end.
    public static func line(_ cells: [ExportCell]) -> String {
        var line = CSVLineBuilder()
        for cell in cells { cell.append(to: &line) }
        return String(decoding: line.bytes, as: UTF8.self)
    }

    func append(to line: inout CSVLineBuilder) {
        switch self {
        case .empty: line.appendPlain("")
        case .number(let number): line.appendPlain(number)
        case .text(let text): line.appendText(text.utf8)
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
