import VKSModel
import VKSPipeline

/// Findings as `check` and `rejections` print them for a terminal: one line each, nothing from a
/// cell or a file name raw (SPEC §5), and a warning repeated row after row told once.
struct FindingLines {
    /// One finding to list, whatever it was read from.
    struct Item {
        var file: String
        var line: Int?
        var column: String?
        var code: String
        var value: String?
        var message: String
    }

    /// How many of a repeated warning's other lines are named before "…".
    static let linesNamed = 10

    /// The lines to print, file by file in the items' order, each file's errors before its warnings
    /// (SPEC §5). A warning (other than W_ALIAS, already told once per
    /// value) that stands on several rows of one file in one column is the first of them, followed by
    /// the count and the lines of the others: 300 W_OVERSPEND lines would hide the errors around them.
    static func lines(_ items: [Item]) -> [String] {
        struct Repeat: Hashable {
            let file: String
            let code: String
            let column: String?
        }
        func repeatKey(_ item: Item) -> Repeat? {
            guard item.code.hasPrefix("W_"), item.code != FindingCode.alias.rawValue, item.line != nil else {
                return nil
            }
            return Repeat(file: item.file, code: item.code, column: item.column)
        }
        let items = errorsFirst(items)
        var others: [Repeat: [Int]] = [:]
        var first: [Repeat: Int] = [:]
        for (index, item) in items.enumerated() {
            guard let key = repeatKey(item) else { continue }
            if first[key] == nil { first[key] = index } else { others[key, default: []].append(item.line!) }
        }
        return items.indices.compactMap { index in
            let item = items[index]
            guard let key = repeatKey(item) else { return line(item) }
            guard first[key] == index else { return nil }
            guard let lines = others[key] else { return line(item) }
            let named = lines.prefix(linesNamed).map(String.init).joined(separator: ", ")
            return line(item) + " (cùng cảnh báo ở \(lines.count) dòng khác: \(named)"
                + (lines.count > linesNamed ? ", …)" : ")")
        }
    }

    /// Each run of one file's items with its errors first, in their order, then its warnings.
    private static func errorsFirst(_ items: [Item]) -> [Item] {
        var ordered: [Item] = []
        var start = items.startIndex
        while start < items.endIndex {
            let end = items[start...].firstIndex { $0.file != items[start].file } ?? items.endIndex
            let file = items[start..<end]
            ordered += file.filter { !$0.code.hasPrefix("W_") } + file.filter { $0.code.hasPrefix("W_") }
            start = end
        }
        return ordered
    }

    /// `file:12: quantity: E_RANGE "-3" — message`
    static func line(_ item: Item) -> String {
        var text = item.file
        if let line = item.line { text += ":\(line)" }
        text += ":"
        if let column = item.column { text += " \(column):" }
        text += " \(item.code)"
        if let value = item.value { text += " \"\(value)\"" }
        return (text + " — " + item.message).showingInvisibles
    }
}

extension FindingLines.Item {
    init(_ finding: Finding, file: String) {
        self.init(
            file: file, line: finding.line, column: finding.column, code: finding.code.rawValue, value: finding.value,
            message: finding.message)
    }

    init(_ row: FindingRow) {
        self.init(
            file: row.file, line: row.line, column: row.column, code: row.code, value: row.value, message: row.message)
    }
}
