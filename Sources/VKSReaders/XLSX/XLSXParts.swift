import Foundation

/// `xl/workbook.xml`: the sheets in their order, each with the relation naming its part.
final class WorkbookPart: XLSXPartHandler {
    private(set) var sheets: [(name: String, relation: String)] = []
    private(set) var date1904 = false

    func start(_ name: String, _ attributes: [(name: String, value: String)]) {
        switch name {
        case "sheet":
            let name = attributes.first { $0.name == "name" }?.value ?? ""
            if let relation = attributes.first(where: { $0.name == "id" })?.value { sheets.append((name, relation)) }
        case "workbookPr":
            let value = attributes.first { $0.name == "date1904" }?.value
            date1904 = value == "1" || value == "true"
        default: break
        }
    }
    func end(_ name: String) {}
    func text(_ bytes: UnsafeBufferPointer<UInt8>) {}
}

/// `xl/_rels/workbook.xml.rels`: relation id → part.
final class RelationsPart: XLSXPartHandler {
    private(set) var targets: [String: String] = [:]

    func start(_ name: String, _ attributes: [(name: String, value: String)]) {
        guard name == "Relationship", let id = attributes.first(where: { $0.name == "Id" })?.value,
            let target = attributes.first(where: { $0.name == "Target" })?.value
        else { return }
        targets[id] = target
    }
    func end(_ name: String) {}
    func text(_ bytes: UnsafeBufferPointer<UInt8>) {}
}

/// `xl/sharedStrings.xml`: the workbook's strings, which text cells point into by index. Rich text
/// runs are joined; phonetic guides (`rPh`) are not text of the cell.
final class SharedStringsPart: XLSXPartHandler {
    private(set) var strings: [String] = []
    private(set) var bytes = 0
    private let limit: Int
    private var current: [UInt8] = []
    private var inText = false
    private var phonetic = 0

    init(limit: Int) { self.limit = limit }

    var isOverLimit: Bool { bytes > limit }

    func start(_ name: String, _ attributes: [(name: String, value: String)]) {
        switch name {
        case "si": current.removeAll(keepingCapacity: true)
        case "rPh": phonetic += 1
        case "t": inText = phonetic == 0
        default: break
        }
    }

    func end(_ name: String) {
        switch name {
        case "si":
            bytes += current.count
            // Past the limit nothing more is kept; the reader reports the workbook as too large.
            strings.append(isOverLimit ? "" : String(decoding: current, as: UTF8.self))
        case "rPh": phonetic -= 1
        case "t": inText = false
        default: break
        }
    }

    func text(_ bytes: UnsafeBufferPointer<UInt8>) {
        if inText && !isOverLimit { current.append(contentsOf: bytes) }
    }
}

/// `xl/styles.xml`: which cell styles show a number as a date (by their number format).
final class StylesPart: XLSXPartHandler {
    private var customFormats: [Int: String] = [:]
    private var cellFormats: [Int] = []
    private var inCellXfs = false

    /// Built-in date and time formats (ECMA-376 §18.8.30, with the East Asian ones).
    private static let builtInDates: Set<Int> = Set(14...22).union(27...36).union(45...47).union(50...58)

    var dateStyles: Set<Int> {
        Set(
            cellFormats.indices.filter { index in
                let id = cellFormats[index]
                return Self.builtInDates.contains(id) || customFormats[id].map(Self.isDate) ?? false
            })
    }

    func start(_ name: String, _ attributes: [(name: String, value: String)]) {
        switch name {
        case "numFmt":
            if let id = attributes.first(where: { $0.name == "numFmtId" }).flatMap({ Int($0.value) }),
                let code = attributes.first(where: { $0.name == "formatCode" })?.value
            {
                customFormats[id] = code
            }
        case "cellXfs": inCellXfs = true
        case "xf" where inCellXfs:
            cellFormats.append(attributes.first { $0.name == "numFmtId" }.flatMap { Int($0.value) } ?? 0)
        default: break
        }
    }

    func end(_ name: String) { if name == "cellXfs" { inCellXfs = false } }
    func text(_ bytes: UnsafeBufferPointer<UInt8>) {}

    /// A format code shows a date when, outside its quoted text and bracketed parts, it has a day or
    /// a year (`dd/mm/yyyy`, `d-mmm-yy`); `0.00` and `#,##0` do not.
    static func isDate(_ code: String) -> Bool {
        var plain = ""
        var quoted = false
        var bracketed = false
        for character in code.lowercased() {
            switch character {
            case "\"": quoted.toggle()
            case "[" where !quoted: bracketed = true
            case "]" where !quoted: bracketed = false
            default: if !quoted && !bracketed { plain.append(character) }
            }
        }
        return plain.contains("d") || plain.contains("y")
    }
}

/// A sheet's rows, written out as CSV lines as they end (see `XLSXWorkbook.writeCSV`).
final class SheetPart: XLSXPartHandler {
    private let strings: [String]
    private let dateStyles: Set<Int>
    private let date1904: Bool
    private let sink: ByteSink
    private var buffer: [UInt8] = []

    private var rowNumber = 0
    private var linesWritten = 0
    /// The most fields a row has had.
    private var width = 0
    private var cells: [(column: Int, value: String)] = []
    private var column = -1
    private var type = ""
    private var style = 0
    private var value: [UInt8] = []
    private var collecting = false
    private var phonetic = 0

    init(strings: [String], dateStyles: Set<Int>, date1904: Bool, sink: ByteSink) {
        self.strings = strings
        self.dateStyles = dateStyles
        self.date1904 = date1904
        self.sink = sink
    }

    /// Excel's last row and column: a sheet part that goes past them, or whose rows go back, is not
    /// one Excel wrote, and line n could no longer be row n.
    static let maxRows = 1_048_576
    static let maxColumns = 16_384
    private(set) var problem: String?

    func start(_ name: String, _ attributes: [(name: String, value: String)]) {
        guard problem == nil else { return }
        switch name {
        case "row":
            let number = attributes.first { $0.name == "r" }.flatMap { Int($0.value) } ?? rowNumber + 1
            guard number > linesWritten, number <= Self.maxRows else {
                problem = "row \(number) after row \(linesWritten), or past Excel's last row"
                return
            }
            rowNumber = number
            cells.removeAll(keepingCapacity: true)
            column = -1
        case "c":
            let reference = attributes.first { $0.name == "r" }?.value
            column = reference.flatMap(Self.columnIndex) ?? column + 1
            guard column < Self.maxColumns else {
                problem = "cell \(reference ?? "") past Excel's last column"
                return
            }
            type = attributes.first { $0.name == "t" }?.value ?? "n"
            style = attributes.first { $0.name == "s" }.flatMap { Int($0.value) } ?? 0
            value.removeAll(keepingCapacity: true)
        case "v": collecting = true
        case "rPh": phonetic += 1
        case "t": collecting = phonetic == 0
        default: break
        }
    }

    func end(_ name: String) {
        guard problem == nil else { return }
        switch name {
        case "v", "t": collecting = false
        case "rPh": phonetic -= 1
        case "c": cells.append((column, cellText()))
        case "row": writeRow()
        default: break
        }
    }

    func text(_ bytes: UnsafeBufferPointer<UInt8>) {
        if collecting { value.append(contentsOf: bytes) }
    }

    /// Writes what is still buffered.
    func flush() throws {
        try sink.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    private func cellText() -> String {
        if type == "n" && !dateStyles.contains(style), let plain = Self.plainNumber(value) { return plain }
        let text = String(decoding: value, as: UTF8.self)
        switch type {
        case "s": return Int(text).flatMap { strings.indices.contains($0) ? strings[$0] : nil } ?? ""
        case "b": return text == "1" || text == "true" ? "1" : "0"
        case "inlineStr", "str", "e": return text
        default:
            if dateStyles.contains(style), let serial = Double(text) { return Self.date(serial, date1904: date1904) }
            return Self.vietnamese(number: text)
        }
    }

    private func writeRow() {
        // Rows the sheet leaves out are empty lines: line n stays row n.
        while linesWritten < rowNumber - 1 {
            buffer += [0x0D, 0x0A]
            linesWritten += 1
        }
        var next = 0  // the column the next field stands in; a cell written twice keeps its first
        // Cells come in column order from every program we know; sorting is for the others.
        let inOrder = zip(cells, cells.dropFirst()).allSatisfy { $0.column < $1.column }
        for cell in inOrder ? cells : cells.sorted(by: { $0.column < $1.column }) where cell.column >= next {
            while next < cell.column {
                if next > 0 { buffer.append(0x2C) }
                next += 1
            }
            if cell.column > 0 { buffer.append(0x2C) }
            Self.appendCSV(cell.value, to: &buffer)
            next = cell.column + 1
        }
        // Excel leaves a row's empty cells at the end out; a CSV row has them all. Rows are as wide
        // as the widest so far (the header, once it is read).
        width = max(width, next)
        while next < width {
            if next > 0 { buffer.append(0x2C) }
            next += 1
        }
        buffer += [0x0D, 0x0A]
        linesWritten = rowNumber
        if buffer.count >= 1 << 16 { try? flush() }
    }

    /// A cell as a CSV field: quoted when it holds a comma or a quote; line breaks become spaces.
    static func appendCSV(_ text: String, to buffer: inout [UInt8]) {
        let quoted = text.utf8.contains { $0 == 0x2C || $0 == 0x22 }
        if quoted { buffer.append(0x22) }
        for byte in text.utf8 {
            if byte == 0x22 { buffer.append(0x22) }
            buffer.append(byte == 0x0A || byte == 0x0D ? 0x20 : byte)
        }
        if quoted { buffer.append(0x22) }
    }

    /// `D12` → 3 (A is 0).
    static func columnIndex(_ reference: String) -> Int? {
        var index = 0
        var letters = 0
        for scalar in reference.unicodeScalars {
            guard (65...90).contains(scalar.value) else { break }
            index = index * 26 + Int(scalar.value - 64)
            letters += 1
            if index > maxColumns { return maxColumns }  // past XFD: reported, never overflowing
        }
        return letters == 0 ? nil : index - 1
    }

    /// Most number cells: `-`, digits, at most one `.` and digits, fifteen significant digits at
    /// most. Written straight from the bytes (`.` → `,`, trailing zeros of a fraction dropped); nil
    /// for anything else, which `vietnamese(number:)` reads.
    static func plainNumber(_ bytes: [UInt8]) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var digits = 0
        var point = false
        for (index, byte) in bytes.enumerated() {
            switch byte {
            case 0x30...0x39:
                if digits > 0 || byte != 0x30 || point { digits += 1 }
            case 0x2E where !point:
                point = true
                out.append(0x2C)
                continue
            case 0x2D where index == 0:
                break
            default:
                return nil
            }
            out.append(byte)
        }
        guard digits <= 15, out.last != 0x2C || !point, !out.isEmpty, out != [0x2D] else { return nil }
        if point {
            while out.last == 0x30 { out.removeLast() }
            if out.last == 0x2C { out.removeLast() }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A number as Excel stores it (`125.36`, `1.5E-3`) in the Vietnamese notation the CSV checks
    /// read (`125,36`, `0,0015`): the digits as they are, never through a binary double.
    static func vietnamese(number: String) -> String {
        var text = Substring(number.trimmingCharacters(in: .whitespaces))
        var exponent = 0
        if let mark = text.firstIndex(where: { $0 == "E" || $0 == "e" }) {
            // A double reaches 10^308: an exponent past that is no number Excel wrote.
            guard let value = Int(text[text.index(after: mark)...]), abs(value) <= 400 else { return number }
            exponent = value
            text = text[..<mark]
        }
        let negative = text.hasPrefix("-")
        if negative || text.hasPrefix("+") { text = text.dropFirst() }
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard !parts.isEmpty, parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else {
            return number
        }
        var integer = String(parts[0])
        var fraction = parts.count > 1 ? String(parts[1]) : ""
        if exponent > 0 {
            let moved = min(exponent, fraction.count)
            integer += fraction.prefix(moved) + String(repeating: "0", count: exponent - moved)
            fraction = String(fraction.dropFirst(moved))
        } else if exponent < 0 {
            let moved = min(-exponent, integer.count)
            fraction = String(repeating: "0", count: -exponent - moved) + integer.suffix(moved) + fraction
            integer = String(integer.dropLast(moved))
        }
        (integer, fraction) = roundedToExcelsPrecision(integer, fraction)
        integer = String(integer.drop { $0 == "0" })
        while fraction.hasSuffix("0") { fraction.removeLast() }
        if integer.isEmpty { integer = "0" }
        let sign = negative && (integer != "0" || !fraction.isEmpty) ? "-" : ""
        return sign + integer + (fraction.isEmpty ? "" : "," + fraction)
    }

    /// Excel keeps 15 significant digits and shows no more: `847.6900000000001`, a double's binary
    /// noise in the file, is the 847,69 the officer typed. Digits past the fifteenth are rounded
    /// half up.
    static func roundedToExcelsPrecision(_ integer: String, _ fraction: String) -> (String, String) {
        var digits = Array((integer + fraction).utf8).map { Int($0) - 48 }
        guard let first = digits.firstIndex(where: { $0 != 0 }), digits.count - first > 15 else {
            return (integer, fraction)
        }
        let cut = first + 15
        var carry = digits[cut] >= 5 ? 1 : 0
        for index in cut..<digits.count { digits[index] = 0 }
        var index = cut - 1
        while carry == 1 && index >= 0 {
            digits[index] += 1
            carry = digits[index] == 10 ? 1 : 0
            if carry == 1 { digits[index] = 0 }
            index -= 1
        }
        let text = (carry == 1 ? "1" : "") + String(digits.map { Character(String($0)) })
        let integerCount = integer.count + carry
        return (String(text.prefix(integerCount)), String(text.dropFirst(integerCount)))
    }

    /// An Excel date serial as `yyyy-mm-dd` (its time of day dropped). In the 1900 system Excel
    /// counts a 29 February 1900 that never was, so days before 1 March 1900 are one off.
    static func date(_ serial: Double, date1904: Bool) -> String {
        var days = Int(serial.rounded(.down))
        if !date1904 && days < 61 { days += 1 }
        let since1970 = days + (date1904 ? -24107 : -25569)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents(
            [.year, .month, .day], from: Date(timeIntervalSince1970: Double(since1970) * 86400))
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
