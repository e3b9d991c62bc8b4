/// Export CSV text built as bytes, cell by cell: quoted when a cell holds a delimiter, a quote or a
/// line break, and neutralised when text starts like a spreadsheet formula (SPEC §9); a plain
/// number written with its sign (`-3`, `+84`, `-1.234,5`) is no formula and is left as written.
///
/// Every export row goes through here; the feedback files hand it the bytes of a million submitted
/// cells a night, so the rules are decided on bytes (every character that matters is ASCII) and
/// nothing is turned into a `String` on the way.
struct CSVLineBuilder {
    private(set) var bytes: [UInt8] = []
    private var lineIsEmpty = true

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    /// A text cell.
    mutating func appendText<Cell: Collection<UInt8>>(_ cell: Cell) {
        separate()
        // A text cell starting like a formula would run in Excel: an apostrophe first, which Excel
        // shows as text and never evaluates.
        let formula = (cell.first.map(Self.startsFormula) ?? false) && !Self.isSignedNumber(cell)
        let quoted = cell.contains(where: Self.needsQuotes)
        if quoted { bytes.append(UInt8(ascii: "\"")) }
        if formula { bytes.append(UInt8(ascii: "'")) }
        if quoted {
            for byte in cell {
                bytes.append(byte)
                if byte == UInt8(ascii: "\"") { bytes.append(byte) }
            }
            bytes.append(UInt8(ascii: "\""))
        } else {
            bytes.append(contentsOf: cell)
        }
    }

    /// A cell written as it is (numbers, which never need quotes), or nothing for an empty one.
    mutating func appendPlain(_ cell: String) {
        separate()
        bytes.append(contentsOf: cell.utf8)
    }

    /// Ends the line (CRLF, as every export).
    mutating func endLine() {
        bytes.append(UInt8(ascii: "\r"))
        bytes.append(UInt8(ascii: "\n"))
        lineIsEmpty = true
    }

    /// Empties the buffer (its capacity is kept), after its bytes were written out.
    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        lineIsEmpty = true
    }

    private mutating func separate() {
        if !lineIsEmpty { bytes.append(UInt8(ascii: ",")) }
        lineIsEmpty = false
    }

    private static func startsFormula(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "=") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "@")
            || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
    }

    /// `+` or `-`, then digits, single `.`, `,` or spaces only between them: a number Excel reads as
    /// one, with nothing it could evaluate.
    private static func isSignedNumber<Cell: Collection<UInt8>>(_ cell: Cell) -> Bool {
        guard let sign = cell.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") else { return false }
        var previousWasDigit = false
        var digits = 0
        for byte in cell.dropFirst() {
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                previousWasDigit = true
                digits += 1
            } else if previousWasDigit
                && (byte == UInt8(ascii: ".") || byte == UInt8(ascii: ",") || byte == UInt8(ascii: " "))
            {
                previousWasDigit = false
            } else {
                return false
            }
        }
        return digits > 0 && previousWasDigit
    }

    private static func needsQuotes(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\n")
            || byte == UInt8(ascii: "\r")
    }
}
