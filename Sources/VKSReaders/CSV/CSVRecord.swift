/// Where a record starts in its file.
///
/// `line` is the physical line (the header is line 1) and `record` the record number (the header
/// is record 1): they differ as soon as a quoted cell holds a newline, and findings need the line.
public struct CSVPosition: Sendable, Hashable {
    public var byte: Int64
    public var line: Int
    public var record: Int

    public init(byte: Int64, line: Int, record: Int) {
        self.byte = byte
        self.line = line
        self.record = record
    }
}

/// One record: its cells as raw bytes (already unquoted) and where it starts.
///
/// Cells are kept as bytes in one buffer so that a reader reuses its storage from record to record;
/// turning a cell into a `String` is left to whoever needs it.
public struct CSVRecord: Sendable, Equatable {
    public internal(set) var position: CSVPosition
    @usableFromInline var storage: [UInt8] = []
    @usableFromInline var ends: [Int] = []
    /// The first cell longer than the reader's `maxCellBytes`, cut at the limit (nil: none).
    public internal(set) var oversizedCell: Int?

    init(position: CSVPosition) { self.position = position }

    public var count: Int { ends.count }

    public func bytes(at index: Int) -> ArraySlice<UInt8> {
        let start = index == 0 ? 0 : ends[index - 1]
        return storage[start..<ends[index]]
    }

    /// Hands `body` every cell's bytes in place, by index (valid only during the call): a checker
    /// reads every cell of a million rows, and a slice retains the record's storage each time.
    /// Inlinable: a generic called across modules runs unspecialised, looking up its types on every call.
    @inlinable
    public func withUnsafeCells<Result>(_ body: (UnsafeCells) throws -> Result) rethrows -> Result {
        try storage.withUnsafeBufferPointer { try body(UnsafeCells(bytes: $0, ends: ends)) }
    }

    /// A record's cells as pointers into its storage; see `withUnsafeCells`.
    public struct UnsafeCells {
        @usableFromInline let bytes: UnsafeBufferPointer<UInt8>
        @usableFromInline let ends: [Int]

        @inlinable init(bytes: UnsafeBufferPointer<UInt8>, ends: [Int]) {
            self.bytes = bytes
            self.ends = ends
        }

        @inlinable public subscript(index: Int) -> UnsafeBufferPointer<UInt8> {
            let start = index == 0 ? 0 : ends[index - 1]
            return UnsafeBufferPointer(rebasing: bytes[start..<ends[index]])
        }
    }

    /// Hands each cell's bytes to `body` in turn, in place (valid only during the call): for writers
    /// of a million cells, without a slice, and its retain, per cell.
    public func forEachCell(_ body: (UnsafeBufferPointer<UInt8>) throws -> Void) rethrows {
        try storage.withUnsafeBufferPointer { buffer in
            var start = 0
            for end in ends {
                try body(UnsafeBufferPointer(rebasing: buffer[start..<end]))
                start = end
            }
        }
    }

    /// The cell as text, or nil when its bytes are not valid UTF-8.
    public func string(at index: Int) -> String? {
        let start = index == 0 ? 0 : ends[index - 1]
        return storage.withUnsafeBufferPointer { buffer in
            String(validating: UnsafeBufferPointer(rebasing: buffer[start..<ends[index]]), as: UTF8.self)
        }
    }

    /// Every cell as text, with invalid UTF-8 replaced by U+FFFD (for display only).
    public var strings: [String] {
        (0..<count).map { String(decoding: bytes(at: $0), as: UTF8.self) }
    }

    /// Index of the first cell that is not valid UTF-8, if any.
    public var firstInvalidUTF8Cell: Int? {
        if storage.allSatisfy({ $0 < 0x80 }) { return nil }  // ASCII is UTF-8: the common case, cheaply
        return (0..<count).first { string(at: $0) == nil }
    }

    /// True for a line with nothing in it but delimiters (blank lines, Excel's padding rows).
    public var isBlank: Bool { storage.isEmpty }

    /// Number of cells once trailing empty cells (Excel pads every line with them) are dropped.
    public var countWithoutTrailingEmpties: Int {
        var n = count
        while n > 0 && bytes(at: n - 1).isEmpty { n -= 1 }
        return n
    }
}
