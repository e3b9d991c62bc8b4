import VKSModel

/// Maps a header row to the dataset's columns: English names or Vietnamese labels, in any case,
/// Unicode normalisation or spacing. Excel's empty padding cells at the end are ignored. A unit in
/// parentheses after a money column's name (`Thực hiện (triệu đồng)`) is the column's amount unit.
struct HeaderMapper {
    let schema: DatasetSchema
    private let lookup: [String: Int]
    private let amountUnits: CodeList?

    init(schema: DatasetSchema, amountUnits: CodeList? = nil) {
        self.schema = schema
        self.amountUnits = amountUnits
        lookup = Self.lookups[schema.dataset]!
    }

    /// Each dataset's column names and labels by match key, made once: every file's header is mapped
    /// against them, and matching keys of Vietnamese labels (Unicode decomposition) cost a tenth of
    /// checking a small file (`perf` of `check` over the 100k-row inbox).
    private static let lookups: [Dataset: [String: Int]] = Dictionary(
        uniqueKeysWithValues: Dataset.allCases.map { dataset in
            var lookup: [String: Int] = [:]
            for (index, column) in dataset.schema.columns.enumerated() {
                lookup[Text.matchKey(column.name)] = index
                lookup[Text.matchKey(column.label)] = index
            }
            return (dataset, lookup)
        })

    struct Mapping {
        /// For each dataset column, the cell index holding it (nil when the file has no such column).
        var cellIndex: [Int?]
        /// Number of header cells once Excel's trailing empties are dropped.
        var width: Int
        /// Amount units written in the header, by dataset column index (`trieu_dong` …).
        var units: [Int: String] = [:]
        var findings: [Finding]
        var isUsable: Bool
    }

    /// `line` is the header's physical line (1 unless blank lines come first).
    func map(_ header: [String], line: Int = 1) -> Mapping {
        var width = header.count
        while width > 0 && Text.normalized(header[width - 1]).isEmpty { width -= 1 }
        var cellIndex = [Int?](repeating: nil, count: schema.columns.count)
        var findings: [Finding] = []
        var recognised = 0
        var units: [Int: String] = [:]
        for position in 0..<width {
            let written = header[position]
            let (name, unit) = Self.splitUnit(written)
            guard let columnIndex = lookup[Text.matchKey(written)] ?? lookup[Text.matchKey(name)] else {
                findings.append(
                    Finding(
                        .unknownColumn, line: line, column: Text.normalized(written), value: written,
                        message: Messages.unknownColumn(Text.normalized(written))))
                continue
            }
            recognised += 1
            let column = schema.columns[columnIndex]
            if column.type == .money, let unit, let code = amountUnits?.match(unit)?.code { units[columnIndex] = code }
            if let first = cellIndex[columnIndex] {
                findings.append(
                    Finding(
                        .headerDuplicate, line: line, column: column.name, value: written,
                        message: Messages.headerDuplicate(column, firstAt: first + 1, againAt: position + 1)))
            } else {
                cellIndex[columnIndex] = position
            }
        }
        if recognised == 0 {
            return Mapping(
                cellIndex: cellIndex, width: width,
                findings: [Finding(.headerMissing, line: line, message: Messages.headerMissing)], isUsable: false)
        }
        for (index, column) in schema.columns.enumerated() where column.required && cellIndex[index] == nil {
            findings.append(
                Finding(
                    .headerMissing, line: line, column: column.name,
                    message: Messages.headerColumnMissing(column)))
        }
        let usable = !findings.contains { $0.severity == .error }
        return Mapping(cellIndex: cellIndex, width: width, units: units, findings: findings, isUsable: usable)
    }

    /// `Thực hiện (triệu đồng)` → (`Thực hiện`, `triệu đồng`); a header without parentheses → (itself, nil).
    static func splitUnit(_ header: String) -> (name: String, unit: String?) {
        let trimmed = Text.normalized(header)
        guard trimmed.hasSuffix(")"), let open = trimmed.lastIndex(of: "(") else { return (trimmed, nil) }
        let name = String(trimmed[..<open])
        let unit = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
        return (Text.normalized(name), Text.normalized(unit))
    }
}
