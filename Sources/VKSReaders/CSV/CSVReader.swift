/// Size limits a record must keep to. A line too long or a record of too many cells ends the file
/// with `ReaderError.tooLarge`; a cell too long is cut at the limit and marked on its record
/// (`CSVRecord.oversizedCell`), and the file reads on: one long cell is that row's problem. Empty
/// cells at the end of a record (Excel pads every line of a sheet it saved with them) do not count
/// toward `maxColumns`.
public struct CSVLimits: Sendable, Equatable {
    public var maxLineBytes: Int
    public var maxCellBytes: Int
    public var maxColumns: Int

    public init(maxLineBytes: Int = 1 << 20, maxCellBytes: Int = 4096, maxColumns: Int = 200) {
        self.maxLineBytes = maxLineBytes
        self.maxCellBytes = maxCellBytes
        self.maxColumns = maxColumns
    }
}

/// A streaming RFC 4180 reader over UTF-8 bytes.
///
/// Quoted cells with delimiters, doubled quotes and newlines; CRLF, LF and lone CR line ends (also
/// inside a quoted cell, where each counts one line, so later line numbers stay right);
/// a UTF-8 byte order mark at the start is skipped. It is lenient where real files are sloppy
/// (a quote inside an unquoted cell, text after a closing quote are kept as written) and strict
/// where leniency would hide lost data (a quote left open at the end of the file is an error).
/// Memory is one chunk plus the current record.
public final class CSVReader {
    public let delimiter: UInt8
    public let limits: CSVLimits
    /// Whether the input began with a UTF-8 byte order mark.
    public private(set) var hadByteOrderMark = false

    private let source: ByteSource
    private let buffer: UnsafeMutableRawBufferPointer
    private var position = 0
    private var end = 0
    private var exhausted = false
    private var started = false
    private var byteOffset: Int64 = 0
    private var line = 1
    private var recordNumber = 0
    private var skipLineFeed = false
    /// The record being read; its storage is reused from record to record once the caller lets go.
    private var record = CSVRecord(position: CSVPosition(byte: 0, line: 1, record: 1))

    private static let quote = UInt8(ascii: "\"")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    public init(
        source: ByteSource, delimiter: UInt8 = UInt8(ascii: ","), limits: CSVLimits = CSVLimits(),
        chunkSize: Int = 1 << 16
    ) {
        self.source = source
        self.delimiter = delimiter
        self.limits = limits
        buffer = .allocate(byteCount: max(chunkSize, 4), alignment: 16)
    }

    deinit { buffer.deallocate() }

    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted }

    /// The next record, or nil at the end of the input.
    public func next() throws -> CSVRecord? {
        // The loop works on local copies of the reader's state: the compiler checks exclusive
        // access to a class's properties at run time, on every byte, but not to locals.
        var position = self.position
        var end = self.end
        var byteOffset = self.byteOffset
        var line = self.line
        var skipLineFeed = self.skipLineFeed
        var record = self.record
        self.record = CSVRecord(position: record.position)  // let go: the local is now the only owner
        defer {
            self.position = position
            self.end = end
            self.byteOffset = byteOffset
            self.line = line
            self.skipLineFeed = skipLineFeed
            self.record = record
        }
        func refill() throws {
            (self.position, self.end, self.byteOffset) = (position, end, byteOffset)
            try self.refill()
            (position, end, byteOffset) = (self.position, self.end, self.byteOffset)
        }

        record.storage.removeAll(keepingCapacity: true)
        record.ends.removeAll(keepingCapacity: true)
        record.oversizedCell = nil
        record.position = CSVPosition(byte: byteOffset, line: line, record: recordNumber + 1)
        var state = State.fieldStart
        var consumedAny = false
        var recordBytes = 0
        var cellStart = 0
        var quoteLine = line
        var carriageReturnInQuotes = false

        func endCell() throws {
            record.ends.append(record.storage.count)
            cellStart = record.storage.count
        }
        /// The record is complete: Excel's empty padding cells beyond the limit go, then the limit holds.
        func endRecord() throws -> CSVRecord {
            try endCell()
            while record.ends.count > limits.maxColumns && record.ends.count >= 2
                && record.ends[record.ends.count - 1] == record.ends[record.ends.count - 2]
            {
                record.ends.removeLast()
            }
            if record.ends.count > limits.maxColumns {
                throw ReaderError.tooLarge(what: .columns, limit: limits.maxColumns, line: record.position.line)
            }
            return finish(record)
        }
        func append(_ byte: UInt8) {
            guard record.storage.count - cellStart < limits.maxCellBytes else {
                if record.oversizedCell == nil { record.oversizedCell = record.ends.count }
                return
            }
            record.storage.append(byte)
        }
        /// Copies the plain bytes that follow in the buffer at once, across delimiters, ending each
        /// cell as it goes (most of a file is unquoted cells): one pass and one copy per cell instead
        /// of a trip through the state machine per cell. Stops at a line end, at a quote that opens a
        /// cell, at the end of the buffer, and short of every limit, so that those are still met, and
        /// reported, byte by byte. Returns the state to go on in.
        func copyUnquotedRun() -> State {
            // Room is taken before it is added: a limit set near Int.max ("no limit") must not overflow.
            let lineStop = position + min(end - position, max(limits.maxLineBytes - recordBytes, 0))
            var cellStop =
                position + min(lineStop - position, max(limits.maxCellBytes - (record.storage.count - cellStart), 0))
            var runStart = position
            var scan = position
            var state = State.unquoted
            while scan < lineStop {
                let byte = buffer[scan]
                if byte == CSVReader.lineFeed || byte == CSVReader.carriageReturn { break }
                if byte == delimiter {
                    record.storage.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[runStart..<scan]))
                    record.ends.append(record.storage.count)
                    cellStart = record.storage.count
                    scan += 1
                    runStart = scan
                    state = .fieldStart
                    // a quoted cell: the state machine's
                    if scan < lineStop && buffer[scan] == CSVReader.quote { break }
                    cellStop = scan + min(lineStop - scan, limits.maxCellBytes)
                    continue
                }
                if scan >= cellStop { break }
                state = .unquoted
                scan += 1
            }
            record.storage.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[runStart..<scan]))
            byteOffset += Int64(scan - position)
            recordBytes += scan - position
            position = scan
            return state
        }

        while true {
            if position == end {
                try refill()
                if position == end {
                    // End of input.
                    if state == .quoted {
                        throw ReaderError.unterminatedQuote(line: quoteLine)
                    }
                    guard consumedAny else { return nil }
                    return try endRecord()
                }
            }
            let byte = buffer[position]
            position += 1
            byteOffset += 1
            if skipLineFeed {
                skipLineFeed = false
                if byte == CSVReader.lineFeed && !consumedAny {
                    record.position.byte = byteOffset
                    continue
                }
            }
            if !consumedAny { record.position.line = line }
            consumedAny = true
            recordBytes += 1
            if recordBytes > limits.maxLineBytes {
                // Inside quotes, the likeliest cause is a closing quote left out.
                if state == .quoted {
                    throw ReaderError.tooLarge(what: .quotedCellBytes, limit: limits.maxLineBytes, line: quoteLine)
                }
                throw ReaderError.tooLarge(what: .lineBytes, limit: limits.maxLineBytes, line: record.position.line)
            }

            switch state {
            case .fieldStart, .unquoted:
                if byte == delimiter {
                    try endCell()
                    state = .fieldStart
                } else if byte == CSVReader.lineFeed {
                    line += 1
                    return try endRecord()
                } else if byte == CSVReader.carriageReturn {
                    line += 1
                    skipLineFeed = true
                    return try endRecord()
                } else if byte == CSVReader.quote && state == .fieldStart {
                    state = .quoted
                    quoteLine = line
                } else {
                    append(byte)
                    state = copyUnquotedRun()
                }
            case .quoted:
                if byte == CSVReader.quote {
                    state = .quoteInQuoted
                } else {
                    // CRLF, LF and a lone CR each end one line.
                    if byte == CSVReader.carriageReturn || (byte == CSVReader.lineFeed && !carriageReturnInQuotes) {
                        line += 1
                    }
                    append(byte)
                }
                carriageReturnInQuotes = byte == CSVReader.carriageReturn
            case .quoteInQuoted:
                if byte == CSVReader.quote {
                    append(byte)
                    state = .quoted
                } else if byte == delimiter {
                    try endCell()
                    state = .fieldStart
                } else if byte == CSVReader.lineFeed {
                    line += 1
                    return try endRecord()
                } else if byte == CSVReader.carriageReturn {
                    line += 1
                    skipLineFeed = true
                    return try endRecord()
                } else {
                    // `"ab"cd`: keep the stray text rather than drop it.
                    append(byte)
                    state = .unquoted
                }
            }
        }
    }

    private func finish(_ record: CSVRecord) -> CSVRecord {
        recordNumber += 1
        return record
    }

    private func refill() throws {
        guard !exhausted else { return }
        position = 0
        end = 0
        // Fill at least a few bytes at the start so the byte order mark can be recognised whole.
        repeat {
            let count = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[end...]))
            if count == 0 {
                exhausted = true
                break
            }
            end += count
        } while !started && end < 3
        if !started {
            started = true
            if end >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF {
                hadByteOrderMark = true
                position = 3
                byteOffset = 3
            }
        }
    }
}
