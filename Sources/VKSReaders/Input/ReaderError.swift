/// Why a stream could not be read to its end.
///
/// These are failures of the *file* (unreadable, corrupt gzip, over a size limit, unterminated
/// quoting): the pipeline turns each into a file-level finding and goes on with the next file.
public enum ReaderError: Error, Equatable, Sendable {
    /// The operating system refused an open or a read (`errno` kept for the message).
    case io(path: String, errno: Int32)
    /// The gzip stream is corrupt or truncated; `offset` counts decompressed bytes delivered so far.
    case gzip(reason: String, offset: Int64)
    /// A configured limit was passed: `what` names the limit, `line` where it happened (0 if unknown).
    case tooLarge(what: Limit, limit: Int, line: Int)
    /// A quoted cell opened on `line` never closed before the end of the file.
    case unterminatedQuote(line: Int)
    /// The bytes are not text in any encoding we read (or in the one forced for the file);
    /// `byte` is the offset of the first offending byte in the (decompressed) file, `line` its line.
    case encoding(byte: Int64, line: Int, reason: String)
    /// Not UTF-8, and both legacy Vietnamese encodings read it about equally well: a person must
    /// say which, in the pipeline file.
    case ambiguousEncoding(byte: Int64, line: Int)
    /// Not text at all: control bytes no text file holds, at `byte` on `line`.
    case binary(byte: Int64, line: Int)
    /// A spreadsheet (Excel's or LibreOffice's own format, a zip) saved under a `.csv` name.
    case spreadsheet
    /// A gzip file under a name without `.gz` (`79_2026-Q3_staffing.csv`).
    case gzipWithoutItsName

    public enum Limit: String, Sendable {
        case fileBytes = "file_bytes"
        case lineBytes = "line_bytes"
        case cellBytes = "cell_bytes"
        /// A quoted cell over the limit: most often a closing quote is missing; `line` is where it opened.
        case quotedCellBytes = "quoted_cell_bytes"
        case columns
    }
}
