import Foundation
import VKSModel
import VKSReaders

/// How one sample file is written: the habits of the office that wrote it (SPEC §4).
///
/// Each habit shows with probability `share`; at 0 every file is clean UTF-8 with English headers,
/// codes and plain numbers. Habits change how values are written, never what they are.
struct SampleStyle {
    enum Numbers { case plain, dots, spaces, commas }
    enum Money { case dong, millionsPerRow, millionsInHeader }
    enum TextVariant { case asListed, upperCase, decomposed, extraSpaces, otherTonePlacement, ethForD }

    var encoding: TextEncoding = .utf8
    var delimiter = ","
    var sepLine = false
    var crlf = false
    var vietnameseHeader = false
    var numbers = Numbers.plain
    var money = Money.dong
    var aliases = false
    var textVariant = TextVariant.asListed
    var excelPadding = false
    var lostLeadingZero = false
    var gzip = false

    init(share: Double, random: inout SplitMix64) {
        func pick<T>(_ options: [T]) -> T { options[random.int(0...options.count - 1)] }
        if random.chance(share) {
            encoding = pick([.utf8WithBOM, .utf16LittleEndian, .utf16BigEndian, .windows1258, .tcvn3])
        }
        if random.chance(share) { delimiter = pick([";", "\t"]) }
        if random.chance(share / 2) { sepLine = delimiter != "\t" }
        crlf = random.chance(share)
        vietnameseHeader = random.chance(share)
        if random.chance(share) { numbers = pick([.dots, .spaces, .commas]) }
        if random.chance(share) { money = pick([.millionsPerRow, .millionsInHeader]) }
        aliases = random.chance(share)
        if random.chance(share) {
            textVariant = pick([.upperCase, .decomposed, .extraSpaces, .otherTonePlacement, .ethForD])
        }
        excelPadding = random.chance(share)
        lostLeadingZero = random.chance(share / 2)
        gzip = random.chance(share / 3)
        // Ð (U+00D0) exists in no legacy Vietnamese code page: an office typing it writes Unicode.
        // Legacy code pages have their own way with letters: Ð (U+00D0) exists in none of them, their
        // software never writes fully decomposed letters (Windows-1258 decomposes in its own way),
        // and TCVN3 has no capital letters with tones (offices used a capitals font, .VnTimeH).
        if encoding.needsComposition && (textVariant == .ethForD || textVariant == .decomposed) {
            textVariant = .extraSpaces
        }
        if encoding == .tcvn3 && textVariant == .upperCase { textVariant = .otherTonePlacement }
    }
}

/// Writes one sample file in its style: header, rows, encoding, optional gzip.
struct SampleWriter {
    let reference: ReferenceData
    let style: SampleStyle

    /// Streams the rows into the file, so a sample at scale 10 000 never sits whole in memory.
    /// Returns the name written (with `.gz` when the style gzips).
    @discardableResult
    func write(folder: String, name: String, dataset: Dataset, table: [[String: String]]) throws -> String {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let fileName = style.gzip ? name + ".gz" : name
        let file = try AtomicFile(path: folder + "/" + fileName)
        let gzip = style.gzip ? try GzipWriter(destination: file) : nil
        let sink: ByteSink = gzip ?? file
        let newline = style.crlf ? "\r\n" : "\n"
        let padding = style.excelPadding ? String(repeating: style.delimiter, count: 2) : ""

        switch style.encoding {
        case .utf8WithBOM: try sink.write([0xEF, 0xBB, 0xBF])
        case .utf16LittleEndian: try sink.write([0xFF, 0xFE])
        case .utf16BigEndian: try sink.write([0xFE, 0xFF])
        default: break
        }
        func emit(_ line: String, padded: Bool = true) throws {
            let text = line + (padded ? padding : "") + newline
            if let name = style.encoding.iconvName {
                try sink.write(try Iconv.encode(text, to: name))
            } else {
                try sink.write(text)
            }
        }
        if style.sepLine { try emit("sep=" + style.delimiter, padded: false) }
        try emit(dataset.schema.columns.map { quote(header(for: $0)) }.joined(separator: style.delimiter))
        for row in table {
            try emit(dataset.schema.columns.map { quote(cell($0, in: row)) }.joined(separator: style.delimiter))
        }
        if style.excelPadding { try emit(String(repeating: style.delimiter, count: dataset.schema.columns.count - 1)) }
        try gzip?.finish()
        try file.commit()
        return fileName
    }

    private func header(for column: DatasetColumn) -> String {
        var text = style.vietnameseHeader ? column.label : column.name
        if column.type == .money && column.name != "unit_value" && style.money == .millionsInHeader {
            text += " (triệu đồng)"
        }
        return text
    }

    private func cell(_ column: DatasetColumn, in row: [String: String]) -> String {
        var cell = row[column.name] ?? ""
        switch column.type {
        case .money where column.name != "unit_value" && style.money != .dong:
            if let dong = Int64(cell) { cell = millions(dong) }
        case .code(.amountUnit):
            switch style.money {
            case .dong: break
            case .millionsPerRow: cell = style.aliases ? "triệu đồng" : "trieu_dong"
            case .millionsInHeader: cell = ""
            }
        case .integer where column.name == "acquired_year":
            break  // nobody formats a year with thousands separators
        case .integer, .money:
            if let n = Int64(cell), n >= 1000 { cell = grouped(n) }
        case .code(let list):
            if style.aliases, let entry = reference.list(list).entry(cell) {
                cell = variant(entry.aliases.first ?? entry.name)
            }
        case .unitCode:
            if style.lostLeadingZero && cell.hasPrefix("0") { cell.removeFirst() }
        case .text:
            break
        }
        return cell
    }

    /// Whole đồng as millions with a decimal comma: 125 360 000 → `125,36`.
    private func millions(_ dong: Int64) -> String {
        let whole = dong / 1_000_000
        var fraction = String(format: "%06lld", dong % 1_000_000)
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return (style.numbers == .plain || whole < 1000 ? String(whole) : grouped(whole))
            + (fraction.isEmpty ? "" : "," + fraction)
    }

    /// `1234567` → `1.234.567`, `1 234 567` or `1,234,567`, as the style writes thousands.
    private func grouped(_ value: Int64) -> String {
        let separator: Character
        switch style.numbers {
        case .plain: return String(value)
        case .dots: separator = "."
        case .spaces: separator = " "
        case .commas: separator = ","
        }
        let digits = String(value)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(separator) }
            out.append(character)
        }
        return out
    }

    private func variant(_ text: String) -> String {
        switch style.textVariant {
        case .asListed: return text
        case .upperCase: return text.uppercased()
        case .decomposed: return text.decomposedStringWithCanonicalMapping
        case .extraSpaces: return "  " + text.replacingOccurrences(of: " ", with: "   ") + " "
        case .otherTonePlacement:
            return text.replacingOccurrences(of: "óa", with: "oá").replacingOccurrences(of: "ủy", with: "uỷ")
                .replacingOccurrences(of: "òa", with: "oà").replacingOccurrences(of: "ỏa", with: "oả")
        case .ethForD: return text.replacingOccurrences(of: "Đ", with: "\u{00D0}")
        }
    }

    private func quote(_ cell: String) -> String {
        guard cell.contains(style.delimiter) || cell.contains("\"") || cell.contains("\n") else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
