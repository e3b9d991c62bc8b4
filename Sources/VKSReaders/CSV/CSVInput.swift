/// How a CSV file is written: its encoding, delimiter, and whether Excel put a `sep=` line first.
public struct CSVDialect: Sendable, Equatable {
    public var encoding: TextEncoding
    public var delimiter: UInt8
    public var hasSepLine: Bool
    /// The legacy encodings' scores when the encoding was detected from them (for `inspect`).
    public var scores: [TextEncoding: Int] = [:]
    /// Whether every record is known to be valid UTF-8: detection read the whole file as UTF-8, or
    /// iconv made it. Otherwise (a byte order mark, a forced encoding) each record is checked as read.
    public var isValidUTF8 = false
}

/// What the pipeline file may force for a file instead of detecting it.
public struct CSVOverrides: Sendable, Equatable {
    public var encoding: TextEncoding?
    public var delimiter: UInt8?

    public init(encoding: TextEncoding? = nil, delimiter: UInt8? = nil) {
        self.encoding = encoding
        self.delimiter = delimiter
    }
}

/// Opens a submitted CSV file for reading as UTF-8 records: gunzips, detects (or takes the forced)
/// encoding over the whole file, transcodes, sniffs the delimiter, skips Excel's `sep=` line.
///
/// `open` must give the file's bytes from the start each time it is called: detection reads the
/// whole file once, sniffing reads its start, and the reader streams it again.
public enum CSVInput {
    public static func open(
        _ open: () throws -> ByteSource, gzip: Bool, maxFileBytes: Int64, limits: CSVLimits,
        overrides: CSVOverrides = CSVOverrides()
    ) throws -> (CSVReader, CSVDialect) {
        func bytes() throws -> ByteSource {
            let raw = try open()
            return gzip
                ? try GzipInflateSource(upstream: raw, limit: maxFileBytes)
                : LimitedByteSource(upstream: raw, limit: maxFileBytes)
        }
        func decoded(_ encoding: TextEncoding) throws -> ByteSource {
            guard let name = encoding.iconvName else { return try bytes() }
            return try TranscodingSource(upstream: try bytes(), from: name)
        }

        var scores: [TextEncoding: Int] = [:]
        let encoding: TextEncoding
        var validated = false
        if let forced = overrides.encoding {
            encoding = forced
        } else {
            var detector = EncodingDetector()
            switch try detector.detect(bytes) {
            case .decided(let found):
                encoding = found
                validated = found == .utf8  // read whole as UTF-8 (a byte order mark stops detection at once)
            case .undecodable(let byte, let line):
                throw ReaderError.encoding(byte: byte, line: line, reason: "not UTF-8, CP1258 or TCVN3")
            case .ambiguous(let byte, let line):
                throw ReaderError.ambiguousEncoding(byte: byte, line: line)
            case .binary(let byte, let line, let what):
                switch what {
                case .spreadsheet: throw ReaderError.spreadsheet
                case .gzip: throw ReaderError.gzipWithoutItsName
                case .nul: throw ReaderError.binary(byte: byte, line: line)
                }
            }
            scores = detector.scores
        }

        var prefix = [UInt8](repeating: 0, count: 1 << 16)
        let source = try decoded(encoding)
        var filled = 0
        while filled < prefix.count {
            let count = try prefix.withUnsafeMutableBytes {
                try source.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[filled...]))
            }
            if count == 0 { break }
            filled += count
        }
        let sniffed = DelimiterSniffer.sniff(prefix[0..<filled])
        let delimiter = overrides.delimiter ?? sniffed.delimiter

        let reader = CSVReader(source: try decoded(encoding), delimiter: delimiter, limits: limits)
        if sniffed.hasSepLine { _ = try reader.next() }
        return (
            reader,
            CSVDialect(
                encoding: encoding, delimiter: delimiter, hasSepLine: sniffed.hasSepLine,
                scores: scores, isValidUTF8: validated || encoding.iconvName != nil)
        )
    }
}
