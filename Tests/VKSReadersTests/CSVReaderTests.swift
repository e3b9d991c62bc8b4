import Testing

@testable import VKSReaders

/// Reads every record of `text` with the given chunk size (small chunks cross every boundary).
func records(
    _ text: String, delimiter: Character = ",", chunkSize: Int = 1 << 16,
    limits: CSVLimits = CSVLimits()
) throws -> [(cells: [String], line: Int, record: Int)] {
    let reader = CSVReader(
        source: MemoryByteSource(Array(text.utf8)), delimiter: delimiter.asciiValue!,
        limits: limits, chunkSize: chunkSize)
    var out: [(cells: [String], line: Int, record: Int)] = []
    while let record = try reader.next() { out.append((record.strings, record.position.line, record.position.record)) }
    return out
}

struct CSVReaderTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let input: String
        let cells: [[String]]
        let lines: [Int]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "simple", input: "a,b\n1,2\n", cells: [["a", "b"], ["1", "2"]], lines: [1, 2]),
        Case(name: "no final newline", input: "a,b\n1,2", cells: [["a", "b"], ["1", "2"]], lines: [1, 2]),
        Case(name: "CRLF", input: "a,b\r\n1,2\r\n", cells: [["a", "b"], ["1", "2"]], lines: [1, 2]),
        Case(name: "lone CR", input: "a,b\r1,2\r", cells: [["a", "b"], ["1", "2"]], lines: [1, 2]),
        Case(name: "quoted delimiter", input: "a\n\"x,y\"\n", cells: [["a"], ["x,y"]], lines: [1, 2]),
        Case(name: "doubled quotes", input: "a\n\"say \"\"hi\"\"\"\n", cells: [["a"], ["say \"hi\""]], lines: [1, 2]),
        Case(
            name: "newline inside quotes moves the line, not the record",
            input: "a,b\n\"x\ny\",1\n2,3\n", cells: [["a", "b"], ["x\ny", "1"], ["2", "3"]], lines: [1, 2, 4]),
        Case(name: "CRLF inside quotes is kept", input: "a\n\"x\r\ny\"\n", cells: [["a"], ["x\r\ny"]], lines: [1, 2]),
        Case(
            name: "empty quoted cells", input: "a,b,c\n1,\"\",\"\"\n", cells: [["a", "b", "c"], ["1", "", ""]],
            lines: [1, 2]),
        Case(
            name: "blank line is a one-cell record", input: "a\n\nb\n", cells: [["a"], [""], ["b"]], lines: [1, 2, 3]),
        Case(
            name: "UTF-8 BOM skipped", input: "\u{FEFF}a,b\n1,2\n", cells: [["a", "b"], ["1", "2"]], lines: [1, 2]),
        Case(name: "quote inside an unquoted cell kept", input: "a\nx\"y\n", cells: [["a"], ["x\"y"]], lines: [1, 2]),
        Case(name: "text after a closing quote kept", input: "a\n\"x\"y\n", cells: [["a"], ["xy"]], lines: [1, 2]),
        Case(
            name: "Vietnamese text", input: "tên\nMáy tính để bàn\n", cells: [["tên"], ["Máy tính để bàn"]],
            lines: [1, 2]),
    ]

    @Test(arguments: cases)
    func readsRecordsAndLines(_ testCase: Case) throws {
        for chunkSize in [4, 7, 1 << 16] {
            let read = try records(testCase.input, chunkSize: chunkSize)
            #expect(read.map(\.cells) == testCase.cells, "chunk \(chunkSize)")
            #expect(read.map(\.line) == testCase.lines, "chunk \(chunkSize)")
            #expect(read.map(\.record) == Array(1...testCase.cells.count))
        }
    }

    @Test func semicolonDelimiter() throws {
        #expect(try records("a;b\n1,5;2\n", delimiter: ";").map(\.cells) == [["a", "b"], ["1,5", "2"]])
    }

    @Test func unterminatedQuoteNamesTheLineItOpened() throws {
        #expect(throws: ReaderError.unterminatedQuote(line: 2)) { try records("a\n\"open\n1\n2\n") }
    }

    @Test func aCellOverTheLimitIsCutAndMarked() throws {
        let long = String(repeating: "x", count: 11)
        let found = try CSVReaderLimitTests().records("a\n\(long)\nb\n", limits: CSVLimits(maxCellBytes: 10))
        #expect(found.map(\.oversizedCell) == [nil, 0, nil])
        #expect(found[1].string(at: 0) == String(repeating: "x", count: 10))
    }

    @Test func columnLimit() throws {
        #expect(throws: ReaderError.tooLarge(what: .columns, limit: 3, line: 1)) {
            try records("a,b,c,d\n", limits: CSVLimits(maxColumns: 3))
        }
    }

    @Test func lineLimit() throws {
        #expect(throws: ReaderError.tooLarge(what: .lineBytes, limit: 8, line: 2)) {
            try records("a,b\n1234,5678,9\n", limits: CSVLimits(maxLineBytes: 8))
        }
    }

    /// The reader copies a run of plain cells in one pass: a limit met in a later cell of the run,
    /// and limits set to "no limit", behave as byte by byte.
    @Test func limitsHoldInLaterCellsOfARun() throws {
        let cut = try CSVReaderLimitTests().records("a,b\n1,12345678901\n", limits: CSVLimits(maxCellBytes: 10))
        #expect(cut[1].oversizedCell == 1)
        #expect(cut[1].string(at: 1) == "1234567890")
        #expect(throws: ReaderError.tooLarge(what: .columns, limit: 2, line: 2)) {
            try records("a,b\n1,2,3\n", limits: CSVLimits(maxColumns: 2))
        }
        let unlimited = CSVLimits(maxLineBytes: .max, maxCellBytes: .max, maxColumns: .max)
        #expect(try records("a,b\n1,\"x,y\",3\n", limits: unlimited).map(\.cells) == [["a", "b"], ["1", "x,y", "3"]])
    }

    /// Small chunks end every run early, so that most bytes go through the state machine one by one:
    /// every chunk size gives the same records, lines and errors, on text made of the awkward parts.
    @Test func everyChunkSizeReadsTheSame() throws {
        let parts = ["a", "bc", ",", ",", "\n", "\r\n", "\r", "\"", "\"x,y\"", "\"\"", "12345678", "tên", " "]
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func nextIndex(_ count: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(seed >> 33) % count
        }
        func outcome(_ text: String, _ chunkSize: Int, _ limits: CSVLimits) -> String {
            do {
                return try records(text, chunkSize: chunkSize, limits: limits).map {
                    "\($0.cells)@\($0.line)/\($0.record)"
                }
                .joined(separator: "|")
            } catch {
                return "\(error)"
            }
        }
        let tight = CSVLimits(maxLineBytes: 40, maxCellBytes: 9, maxColumns: 6)
        for _ in 0..<300 {
            let text = (0..<nextIndex(40)).map { _ in parts[nextIndex(parts.count)] }.joined()
            for limits in [CSVLimits(), tight] {
                let whole = outcome(text, 1 << 16, limits)
                for chunkSize in [4, 5, 7, 13] {
                    #expect(
                        outcome(text, chunkSize, limits) == whole, "\(text.debugDescription), chunks of \(chunkSize)")
                }
            }
        }
    }

    @Test func byteOrderMarkIsReported() throws {
        let reader = CSVReader(source: MemoryByteSource(Array("\u{FEFF}a\n".utf8)))
        _ = try reader.next()
        #expect(reader.hadByteOrderMark)
    }

    @Test func invalidUTF8CellIsFound() throws {
        let reader = CSVReader(source: MemoryByteSource([0x61, 0x2C, 0xC3, 0x28, 0x0A]))
        let record = try #require(try reader.next())
        #expect(record.firstInvalidUTF8Cell == 1)
        #expect(record.string(at: 0) == "a")
    }

    @Test func trailingEmptyCellsAreCounted() throws {
        let reader = CSVReader(source: MemoryByteSource(Array("a,b,,\n".utf8)))
        let record = try #require(try reader.next())
        #expect(record.count == 4)
        #expect(record.countWithoutTrailingEmpties == 2)
    }
}

struct CSVReaderReuseTests {
    /// The reader reuses one record's storage; a record the caller keeps must not change under it.
    @Test func keptRecordsStayAsRead() throws {
        let reader = CSVReader(source: MemoryByteSource(Array("a,b\nlonger cell,x\n1,2\n".utf8)), chunkSize: 5)
        var kept: [CSVRecord] = []
        while let record = try reader.next() { kept.append(record) }
        #expect(kept.map(\.strings) == [["a", "b"], ["longer cell", "x"], ["1", "2"]])
        #expect(kept.map(\.position.byte) == [0, 4, 18])
    }

    /// Unquoted runs are copied at once but stop short of each limit, so the byte that crosses it is
    /// still the one reported, whatever the chunk boundaries.
    @Test func limitsHoldInsideLongRuns() throws {
        for chunkSize in [4, 7, 1 << 16] {
            let cut = try records(
                "a\nshort\n\(String(repeating: "y", count: 40))\nz\n", chunkSize: chunkSize,
                limits: CSVLimits(maxCellBytes: 10))
            #expect(cut.map(\.cells) == [["a"], ["short"], [String(repeating: "y", count: 10)], ["z"]])
            #expect(throws: ReaderError.tooLarge(what: .lineBytes, limit: 12, line: 2)) {
                try records("a\n123456,123456,1\n", chunkSize: chunkSize, limits: CSVLimits(maxLineBytes: 12))
            }
            #expect(
                try records(
                    "a\n1234567890\n", chunkSize: chunkSize, limits: CSVLimits(maxLineBytes: 11, maxCellBytes: 10)
                )
                .map(\.cells) == [["a"], ["1234567890"]])
        }
    }
}

/// What the reader does at its limits and with line ends inside quotes.
struct CSVReaderLimitTests {
    func records(_ text: String, limits: CSVLimits = CSVLimits()) throws -> [CSVRecord] {
        let reader = CSVReader(source: MemoryByteSource(Array(text.utf8)), limits: limits)
        var records: [CSVRecord] = []
        while let record = try reader.next() { records.append(record) }
        return records
    }

    @Test func aCellOverTheLimitIsCutAndMarkedAndReadingGoesOn() throws {
        let found = try records(
            "a,\"\(String(repeating: "x", count: 20))\",c\nd,e,f\n", limits: CSVLimits(maxCellBytes: 8))
        #expect(found.count == 2)
        #expect(found[0].oversizedCell == 1)
        #expect(found[0].string(at: 1) == String(repeating: "x", count: 8))
        #expect(found[0].string(at: 2) == "c")
        #expect(found[1].oversizedCell == nil)
        #expect(found[1].position.line == 2)
    }

    @Test func trailingEmptyCellsDoNotCountTowardTheColumnLimit() throws {
        let found = try records("a,b" + String(repeating: ",", count: 10) + "\n", limits: CSVLimits(maxColumns: 3))
        #expect(found.first?.count == 3)
        #expect(throws: ReaderError.self) { try records("a,b,c,d\n", limits: CSVLimits(maxColumns: 3)) }
    }

    @Test func lineEndsInsideQuotesCountOnceEach() throws {
        let found = try records("\"a\rb\",1\n\"c\r\nd\",2\n\"e\nf\",3\nlast,4\n")
        #expect(found.map(\.position.line) == [1, 3, 5, 7])
    }
}
