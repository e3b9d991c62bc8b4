import VKSModel

/// Maps a header row to the dataset's columns: English names, Vietnamese labels and the spellings
/// of the reference data (`ColumnHeaders`). Excel's empty padding cells at the end are ignored. A
/// unit in parentheses after a money column's name (`Thực hiện (triệu đồng)`) is the column's
/// amount unit (`HeaderUnit`); one that mentions money but names no known unit is `E_CODE`.
struct HeaderMapper {
    let schema: DatasetSchema
    private let headers: ColumnHeaders
    private let amountUnits: CodeList?

    init(schema: DatasetSchema, headers: ColumnHeaders, amountUnits: CodeList? = nil) {
        self.schema = schema
        self.headers = headers
        self.amountUnits = amountUnits
    }

    struct Mapping {
        /// For each dataset column, the cell index holding it (nil when the file has no such column).
        var cellIndex: [Int?]
        /// For each dataset column, its header as the file wrote it (messages name it so).
        var written: [String?]
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
        let dataset = schema.dataset
        var unknown: [(position: Int, written: String)] = []
        for position in 0..<width {
            let written = header[position]
            let (name, unit) = Self.splitUnit(written)
            guard
                let columnIndex = headers.column(written, in: dataset) ?? headers.column(name, in: dataset)
            else {
                unknown.append((position, written))
                continue
            }
            recognised += 1
            let column = schema.columns[columnIndex]
            if column.type == .money, let unit {
                switch HeaderUnit.read(unit, amountUnits: amountUnits) {
                case .unit(let code): units[columnIndex] = code
                case .notMoney: break
                case .unknown:
                    findings.append(
                        Finding(
                            .code, line: line, column: column.name, value: Text.normalized(written),
                            message: Messages.unknownHeaderUnit(Text.normalized(written), column: column)))
                }
            }
            if let first = cellIndex[columnIndex] {
                findings.append(
                    Finding(
                        .headerDuplicate, line: line, column: column.name, value: written,
                        message: Messages.headerDuplicate(
                            column, first: (first + 1, Text.normalized(header[first])),
                            again: (position + 1, Text.normalized(written)))))
            } else {
                cellIndex[columnIndex] = position
            }
        }
        // A column the file does not head as such, named as the one it probably is when a slip away.
        for (_, written) in unknown {
            let shown = Text.normalized(written)
            let probable = headers.nearest(Self.splitUnit(written).name, in: dataset).flatMap {
                cellIndex[$0] == nil ? schema.columns[$0] : nil
            }
            findings.append(
                Finding(
                    .unknownColumn, line: line, column: shown, value: written,
                    message: probable.map { Messages.unknownColumn(shown, probably: $0) }
                        ?? Messages.unknownColumn(shown)))
        }
        if recognised == 0 {
            return Mapping(
                cellIndex: cellIndex, written: [], width: width,
                findings: [Finding(.headerMissing, line: line, message: Messages.headerMissing)], isUsable: false)
        }
        for (index, column) in schema.columns.enumerated() where column.required && cellIndex[index] == nil {
            findings.append(
                Finding(
                    .headerMissing, line: line, column: column.name,
                    message: Messages.headerColumnMissing(column)))
        }
        let usable = !findings.contains { $0.severity == .error }
        let written = cellIndex.map { $0.map { Text.normalized(header[$0]) } }
        return Mapping(
            cellIndex: cellIndex, written: written, width: width, units: units, findings: findings, isUsable: usable)
    }

    /// How many non-empty lines at the top of a file may come before its header.
    static let linesSearched = 10

    /// Where the header is among a file's first non-empty lines (`linesSearched` at most): the first
    /// that names at least half of the required columns, else the first, which then says what it
    /// lacks (SPEC §4). The check, the feedback files and `inspect` all find it so.
    func headerPosition(among lines: [[String]]) -> Int {
        lines.firstIndex(where: namesHalfTheRequiredColumns) ?? 0
    }

    /// Whether `cells` name at least half of the dataset's required columns: a header, not a form's
    /// title line above it (SPEC §4).
    func namesHalfTheRequiredColumns(_ cells: [String]) -> Bool {
        let required = Set(schema.columns.indices.filter { schema.columns[$0].required })
        let named = Set(
            cells.compactMap { cell in
                headers.column(cell, in: schema.dataset)
                    ?? headers.column(Self.splitUnit(cell).name, in: schema.dataset)
            }
        ).intersection(required)
        return named.count * 2 >= required.count
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
