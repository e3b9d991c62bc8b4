import VKSReaders

/// Checks the header and every row of one CSV file, collecting findings and passing on good rows.
struct RowChecker {
    let schema: DatasetSchema
    let period: Period
    let parser: CellParser
    let units: UnitChecker
    let rules: RowRules

    /// First line of each key seen so far (keys compare normalised values; a blank is a value).
    private var keys: [String: Int] = [:]
    /// Values read through an alias: (column, value as written) → (code, first line, occurrences).
    private var aliases: [AliasKey: (code: String, line: Int, count: Int)] = [:]

    private var codeCache: [Int: [String: CellParser.Parsed]] = [:]

    private struct AliasKey: Hashable { let column: String; let written: String }

    /// A cell that is not valid UTF-8: the file's encoding is not what it claims.
    struct EncodingProblem: Error {
        let byte: Int64
        let line: Int
        let column: String?
    }

    init(schema: DatasetSchema, period: Period, fileProvince: String, reference: ReferenceData,
         numbers: CellParser.NumberSyntax = .vietnamese) {
        self.schema = schema
        self.period = period
        parser = CellParser(reference: reference, numbers: numbers)
        units = UnitChecker(reference: reference, period: period, fileProvince: fileProvince)
        rules = RowRules(schema: schema, period: period)
    }

    mutating func read(_ reader: CSVReader, into result: inout FileCheckResult,
                       onRow: (CheckedRow) throws -> Void) throws {
        var header: CSVRecord?
        while let record = try reader.next() {
            if !record.isBlank { header = record; break }
        }
        guard let header else { return }
        try requireUTF8(header, column: nil)
        let mapping = HeaderMapper(schema: schema, amountUnits: parser.reference.list(.amountUnit))
            .map(header.strings.map(Text.composed), line: header.position.line)
        result.findings += mapping.findings.map(tagged)
        result.returns[schema.dataset] = FileCheckResult.ReturnCount()
        guard mapping.isUsable else { result.fileRejected = true; return }

        while let record = try reader.next() {
            if record.isBlank { continue }
            try requireUTF8(record, column: nil)
            try check(record, mapping: mapping, into: &result, onRow: onRow)
        }
    }

    /// Checks one record and counts it in its return; a row without errors goes to `onRow`.
    mutating func check(_ record: CSVRecord, mapping: HeaderMapper.Mapping, into result: inout FileCheckResult,
                        onRow: (CheckedRow) throws -> Void) throws {
        result.rowsTotal += 1
        result.returns[schema.dataset, default: FileCheckResult.ReturnCount()].rows += 1
        let (findings, passed) = try checkRow(record, mapping: mapping)
        result.findings += findings.map(tagged)
        if let passed {
            try onRow(passed)
        } else {
            result.rowsRejected += 1
            result.returns[schema.dataset]!.rejected += 1
        }
    }

    private func tagged(_ finding: Finding) -> Finding {
        var finding = finding
        finding.dataset = schema.dataset
        return finding
    }

    /// Checks one record: shape, each cell, the unit, the dataset's rules and the key.
    /// Returns its findings and, when it has no error, the row to load.
    mutating func checkRow(_ record: CSVRecord, mapping: HeaderMapper.Mapping) throws -> ([Finding], CheckedRow?) {
        let line = record.position.line
        let cells = record.countWithoutTrailingEmpties
        if cells > mapping.width || record.count < mapping.width {
            let shown = cells > mapping.width ? cells : record.count
            return ([Finding(.rowShape, line: line, message: Messages.rowShape(cells: shown, expected: mapping.width))], nil)
        }
        let columns = schema.columns
        var values = [CellValue](repeating: .null, count: columns.count)
        var raw = [String?](repeating: nil, count: columns.count)
        var amounts: [(index: Int, amount: ExactDecimal)] = []
        var findings: [Finding] = []

        for (index, column) in columns.enumerated() {
            guard let cell = mapping.cellIndex[index] else { continue }
            guard let decoded = record.string(at: cell) else {
                throw EncodingProblem(byte: record.position.byte, line: line, column: column.name)
            }
            let written = Text.composed(decoded)
            raw[index] = written
            switch parse(written, column: column, index: index) {
            case .value(let value):
                values[index] = value
            case .money(let amount):
                amounts.append((index, amount))
            case .aliased(let code):
                values[index] = .text(code)
                noteAlias(column: column.name, written: written, code: code, line: line)
            case .problem(let code, let message):
                findings.append(Finding(code, line: line, column: column.name, value: written, message: message))
            }
            if column.type == .unitCode, let text = values[index].text {
                switch units.check(text) {
                case .ok(let code):
                    values[index] = .text(code)
                case .padded(let code):
                    values[index] = .text(code)
                    noteAlias(column: column.name, written: written, code: code, line: line)
                case .problem(let code, let message):
                    values[index] = .null
                    findings.append(Finding(code, line: line, column: column.name, value: written, message: message))
                }
            }
        }

        // Money to whole đồng, through the row's amount unit, else the unit written in the column's
        // header, else đồng. A row unit that contradicts its header is an error: which one is meant?
        let unitIndex = schema.index(of: "amount_unit")
        let rowUnit = unitIndex.flatMap { values[$0].text }
        let headerUnits = Set(mapping.units.values)
        if let unitIndex, rowUnit == nil {
            values[unitIndex] = .text(headerUnits.count == 1 ? headerUnits.first! : "dong")
        }
        if let rowUnit, let unitIndex, headerUnits.contains(where: { $0 != rowUnit }) {
            findings.append(Finding(.consistency, line: line, column: "amount_unit", value: raw[unitIndex],
                                    message: Messages.unitContradictsHeader(rowUnit)))
        }
        for (index, amount) in amounts {
            let unitCode = rowUnit ?? mapping.units[index] ?? "dong"
            let factor = Int64(parser.reference.list(.amountUnit).entry(unitCode)?.attributes["factor"] ?? "1") ?? 1
            if let dong = amount.wholeUnits(times: factor), dong.magnitude <= CellParser.maxMoneyDong {
                values[index] = .integer(dong)
            } else {
                findings.append(Finding(.range, line: line, column: columns[index].name, value: raw[index],
                                        message: Messages.atMost(columns[index], CellParser.maxMoneyDong, unit: " đồng")))
            }
        }

        findings += rules.check(RowRules.Row(values: values, raw: raw, schema: schema), line: line)

        let keyColumns = schema.key.map { schema.index(of: $0)! }
        if !findings.contains(where: { finding in schema.key.contains { $0 == finding.column } }) {
            let key = keyColumns.map { values[$0].canonicalText ?? "" }.joined(separator: "\u{1F}")
            if let first = keys[key] {
                findings.append(Finding(.duplicateKey, line: line, column: schema.key[0],
                                        value: keyColumns.map { raw[$0] ?? "" }.joined(separator: ", "),
                                        message: Messages.duplicateKey(schema.key, firstLine: first)))
            } else {
                keys[key] = line
            }
        }

        guard !findings.contains(where: { $0.severity == .error }) else { return (findings, nil) }
        var differences: [(column: String, raw: String)] = []
        for (index, written) in raw.enumerated() {
            guard let written, !(written.isEmpty && values[index] == .null) else { continue }
            if written != values[index].canonicalText { differences.append((columns[index].name, written)) }
        }
        return (findings, CheckedRow(dataset: schema.dataset, line: line, values: values, rawDifferences: differences))
    }

    /// Writings that differ only as matching ignores (case, spaces, tone placement) count as one.
    /// Code cells repeat the same few values row after row: each distinct writing is matched once.
    private mutating func parse(_ written: String, column: DatasetColumn, index: Int) -> CellParser.Parsed {
        guard case .code = column.type else { return parser.parse(written, as: column) }
        if let known = codeCache[index]?[written] { return known }
        let parsed = parser.parse(written, as: column)
        codeCache[index, default: [:]][written] = parsed
        return parsed
    }

    private mutating func noteAlias(column: String, written: String, code: String, line: Int) {
        let key = AliasKey(column: column, written: written)
        if let seen = aliases[key] {
            aliases[key] = (seen.code, seen.line, seen.count + 1)
        } else {
            aliases[key] = (code, line, 1)
        }
    }

    /// One W_ALIAS per distinct value written through an alias, at its first line, with its count:
    /// Cục 2 sees what provinces write without a warning on every row. Writings that differ only as
    /// matching ignores (case, spaces, tone placement) count as one.
    func flushAliasFindings(into result: inout FileCheckResult) {
        struct Group { var code: String; var line: Int; var count: Int; var written: String }
        var groups: [AliasKey: Group] = [:]
        for (key, seen) in aliases {
            let group = AliasKey(column: key.column, written: Text.matchKey(key.written))
            if var existing = groups[group] {
                existing.count += seen.count
                if seen.line < existing.line { (existing.line, existing.written) = (seen.line, key.written) }
                groups[group] = existing
            } else {
                groups[group] = Group(code: seen.code, line: seen.line, count: seen.count, written: key.written)
            }
        }
        for (key, group) in groups.sorted(by: { ($0.value.line, $0.key.column) < ($1.value.line, $1.key.column) }) {
            let written = Text.normalized(group.written)
            result.findings.append(Finding(.alias, dataset: schema.dataset, line: group.line, column: key.column, value: written,
                                           message: Messages.alias(written, code: group.code, occurrences: group.count)))
        }
    }

    private func requireUTF8(_ record: CSVRecord, column: String?) throws {
        guard record.firstInvalidUTF8Cell != nil else { return }
        throw EncodingProblem(byte: record.position.byte, line: record.position.line, column: column)
    }
}
