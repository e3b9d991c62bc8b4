import VKSModel
import VKSReaders

/// Checks the header and every row of one CSV file, collecting findings and passing on good rows.
struct RowChecker {
    /// The dataset's schema, its columns named as the file heads them once the header is read.
    private(set) var schema: DatasetSchema
    let period: Period
    let parser: CellParser
    let units: UnitChecker
    private(set) var rules: RowRules

    private var cells: CellReader
    /// The row's money cells until its amount unit is known (kept to reuse its storage).
    private var amounts: [(index: Int, amount: ExactDecimal, plainDigits: Bool)] = []
    private let keyColumns: [Int]
    private let amountUnitIndex: Int?
    /// Đồng per amount unit (`trieu_dong` → 1 000 000) and its Vietnamese name: a handful, searched
    /// in order (hashing the unit of every money cell cost more).
    private let amountUnits: [(unit: String, factor: Int64, name: String)]
    /// Where a total row or a repeated header would show itself (`notARow`).
    private let unitCodeIndex: Int?
    /// Each dataset column's cell index in the file, once its header is read: a workbook's findings
    /// name their cell (`D12`) with it.
    private(set) var columnPositions: [String: Int] = [:]
    /// The reader's cell limit, for the message of a cell cut at it.
    private var maxCellBytes = CSVLimits().maxCellBytes

    /// First line of each key seen so far (keys compare normalised values; a blank is a value).
    private var keys = KeySet()
    /// Values read through an alias: (column, value as written) → (code, first line, occurrences).
    private var aliases: [AliasKey: (code: String, line: Int, count: Int)] = [:]

    private struct AliasKey: Hashable {
        let column: String
        let written: String
    }

    /// A cell that is not valid UTF-8: the file's encoding is not what it claims.
    struct EncodingProblem: Error {
        let byte: Int64
        let line: Int
        let column: String?
    }

    init(
        schema: DatasetSchema, period: Period, fileProvince: String, reference: ReferenceData,
        numbers: CellParser.NumberSyntax = .vietnamese
    ) {
        self.schema = schema
        self.period = period
        parser = CellParser(reference: reference, numbers: numbers)
        units = UnitChecker(reference: reference, period: period, fileProvince: fileProvince)
        rules = RowRules(schema: schema, period: period)
        cells = CellReader(schema: schema, parser: parser, units: units)
        keyColumns = schema.key.map { schema.index(of: $0)! }
        amountUnitIndex = schema.index(of: "amount_unit")
        unitCodeIndex = schema.index(of: "unit_code")
        amountUnits = reference.list(.amountUnit).entries.map {
            ($0.code, Int64($0.attributes["factor"] ?? "1") ?? 1, $0.name)
        }
    }

    /// Checks every record of `reader`; each is checked for valid UTF-8 first unless the file as a
    /// whole is `knownValidUTF8`.
    mutating func read(
        _ reader: CSVReader, knownValidUTF8: Bool = false, into result: inout FileCheckResult,
        onRow: (CheckedRow) throws -> Void
    ) throws {
        maxCellBytes = reader.limits.maxCellBytes
        let mapper = HeaderMapper(
            schema: schema, headers: parser.reference.columnHeaders, amountUnits: parser.reference.list(.amountUnit))
        // SPEC §4: forms carry a title above the header (the report's name, the office's, a blank
        // line); the lines above the header are skipped with one W_SKIPPED_ROWS quoting them.
        var leading: [CSVRecord] = []
        while leading.count < HeaderMapper.linesSearched, let record = try reader.next() {
            if record.isBlank { continue }
            try requireUTF8(record, column: nil)
            leading.append(record)
        }
        guard !leading.isEmpty else { return }
        let headerIndex = mapper.headerPosition(among: leading.map { $0.strings.map(Text.composed) })
        let header = leading[headerIndex]
        let mapping = mapper.map(header.strings.map(Text.composed), line: header.position.line)
        if headerIndex > 0 {
            let skipped = leading[..<headerIndex]
            result.findings.append(
                tagged(
                    Finding(
                        .skippedRows, line: skipped.first!.position.line,
                        value: skipped.map { Self.shown($0) }.joined(separator: " | "),
                        message: Messages.skippedRows(
                            skipped.map { Self.shown($0) }, headerLine: header.position.line))))
        }
        result.findings += mapping.findings.map(tagged)
        result.returns[schema.dataset] = FileCheckResult.ReturnCount()
        guard mapping.isUsable else {
            result.fileRejected = true
            return
        }
        columnPositions = Dictionary(
            uniqueKeysWithValues: schema.columns.indices.compactMap { index in
                mapping.cellIndex[index].map { (schema.columns[index].name, $0) }
            })
        // Messages name a column as the province wrote it (SPEC §5): `"Hư hỏng" (broken)`.
        schema = schema.headed(mapping.written)
        rules = RowRules(schema: schema, period: period)
        cells = CellReader(schema: schema, parser: parser, units: units)

        // Counted here and added once: `check` counts into the result's dictionary, per row.
        var rows = 0
        var rejected = 0
        var pending = leading[(headerIndex + 1)...].makeIterator()
        while let record = try pending.next() ?? reader.next() {
            if record.isBlank { continue }
            if !knownValidUTF8 { try requireUTF8(record, column: nil) }
            rows += 1
            let (findings, passed) = try checkRow(record, mapping: mapping)
            if !findings.isEmpty { result.findings += findings.map(tagged) }
            if let passed { try onRow(passed) } else { rejected += 1 }
        }
        result.rowsTotal += rows
        result.rowsRejected += rejected
        result.returns[schema.dataset]!.rows += rows
        result.returns[schema.dataset]!.rejected += rejected
    }

    /// Checks one record (an XML row), adding its findings to `findings`; a row without errors goes
    /// to `onRow`. Returns whether it passed: the caller counts (not here, in the result's
    /// dictionary, on every row).
    mutating func check(
        _ record: CSVRecord, mapping: HeaderMapper.Mapping, findings: inout [Finding],
        onRow: (CheckedRow) throws -> Void
    ) throws -> Bool {
        let (found, passed) = try checkRow(record, mapping: mapping)
        if !found.isEmpty { findings += found.map(tagged) }
        guard let passed else { return false }
        try onRow(passed)
        return true
    }

    /// A total row (`Tổng cộng`, `Cộng`) or the header again, pasted from the form: one finding that
    /// says to delete it (SPEC §5), not one per cell. Only a unit code that starts with a letter is
    /// looked at closely: real ones start with a digit, and this runs on every row.
    private func notARow(_ record: CSVRecord, mapping: HeaderMapper.Mapping) -> Finding? {
        guard let column = unitCodeIndex, let cell = mapping.cellIndex[column] else { return nil }
        let startsWithALetter = record.withUnsafeCells { cells in
            cells[cell].first.map { $0 >= 0x41 } ?? false
        }
        guard startsWithALetter, let written = record.string(at: cell).map(Text.composed) else { return nil }
        let folded = Text.folded(written)
        if ["tong", "cong", "tong so", "total"].contains(folded) || folded.hasPrefix("tong cong") {
            return Finding(
                .code, line: record.position.line, column: "unit_code", value: written, message: Messages.totalRow)
        }
        if parser.reference.columnHeaders.column(written, in: schema.dataset) == column {
            return Finding(.rowShape, line: record.position.line, value: written, message: Messages.repeatedHeader)
        }
        return nil
    }

    /// A skipped line as the finding quotes it: its non-empty cells.
    private static func shown(_ record: CSVRecord) -> String {
        record.strings.map { Text.normalized(Text.composed($0)) }.filter { !$0.isEmpty }.joined(separator: " ")
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
        if let cell = record.oversizedCell {
            let column = mapping.cellIndex.firstIndex(of: cell).map { self.schema.columns[$0].name }
            return (
                [Finding(.tooLarge, line: line, column: column, message: Messages.cellTooLong(limit: maxCellBytes))],
                nil
            )
        }
        let cellCount = record.countWithoutTrailingEmpties
        if cellCount > mapping.width || record.count < mapping.width {
            let shown = cellCount > mapping.width ? cellCount : record.count
            return (
                [Finding(.rowShape, line: line, message: Messages.rowShape(cells: shown, expected: mapping.width))], nil
            )
        }
        if let notARow = notARow(record, mapping: mapping) { return ([notARow], nil) }
        let columns = schema.columns
        let schema = self.schema
        let row = { (values: [CellValue]) in RowRules.Row(values: values, record: record, cellIndex: mapping.cellIndex)
        }
        var values = [CellValue](repeating: .null, count: columns.count)
        // Bit per column: the stored value reads exactly as the cell was written (or the file has no such column).
        var asWritten: UInt64 = 0
        amounts.removeAll(keepingCapacity: true)
        var findings: [Finding] = []

        // The cells in place, all in one access to the record (and to `self`: one closure, not one per cell).
        record.withUnsafeCells { bytes in
            for index in columns.indices {
                guard let cell = mapping.cellIndex[index] else {
                    asWritten |= 1 << index
                    continue
                }
                switch cells.read(bytes[cell], column: index) {
                case .value(let value, let same):
                    values[index] = value
                    if same { asWritten |= 1 << index }
                case .money(let amount, let plainDigits):
                    amounts.append((index, amount, plainDigits))
                case .aliased(let code):
                    values[index] = .text(code)
                    noteAlias(
                        column: columns[index].name, written: CellReader.text(bytes[cell]), code: code, line: line)
                case .problem(let code, let message):
                    findings.append(
                        Finding(
                            code, line: line, column: columns[index].name, value: CellReader.text(bytes[cell]),
                            message: message))
                }
            }
        }

        // Money to whole đồng, through the row's amount unit, else the unit written in the column's
        // header, else đồng. A row unit that contradicts its header is an error: which one is meant?
        let headerUnits = mapping.units.values
        let rowUnit = amountUnitIndex.flatMap { values[$0].text }
        if let unitIndex = amountUnitIndex {
            if rowUnit == nil {
                let only = headerUnits.first
                values[unitIndex] = .text(only != nil && headerUnits.allSatisfy { $0 == only } ? only! : "dong")
                asWritten &= ~(1 << unitIndex)  // the blank as written is kept beside the default
            }
            if let rowUnit, headerUnits.contains(where: { $0 != rowUnit }) {
                findings.append(
                    Finding(
                        .consistency, line: line, column: "amount_unit", value: row(values).written(at: unitIndex),
                        message: Messages.unitContradictsHeader(rowUnit)))
            }
        }
        for (index, amount, plainDigits) in amounts {
            let unitCode = rowUnit ?? mapping.units[index] ?? "dong"
            let unit = amountUnits.first { $0.unit == unitCode }
            let factor = unit?.factor ?? 1
            switch amount.wholeUnits(times: factor) {
            case .whole(let dong) where dong.magnitude <= CellParser.maxMoneyDong:
                values[index] = .integer(dong)
                if plainDigits && factor == 1 { asWritten |= 1 << index }
            case .fraction:
                let written = row(values).written(at: index)
                findings.append(
                    Finding(
                        .range, line: line, column: columns[index].name, value: written,
                        message: Messages.fractionOfADong(
                            written ?? "", unitName: unit?.name ?? unitCode, factor: factor)))
            case .whole, .overflow:
                findings.append(
                    Finding(
                        .range, line: line, column: columns[index].name, value: row(values).written(at: index),
                        message: Messages.atMost(columns[index], CellParser.maxMoneyDong, unit: " đồng")))
            }
        }

        // The values are final from here on: one `Row` serves the rules, the key and the provenance.
        let complete = row(values)
        findings += rules.check(complete, line: line)

        if !findings.contains(where: { finding in schema.key.contains { $0 == finding.column } }) {
            if let first = keys.firstLine(of: keyColumns.lazy.map { values[$0] }, line: line) {
                findings.append(
                    Finding(
                        .duplicateKey, line: line, column: schema.key[0],
                        value: keyColumns.map { complete.written(at: $0) ?? "" }.joined(separator: ", "),
                        message: Messages.duplicateKey(schema.key, firstLine: first)))
            }
        }

        guard !findings.contains(where: { $0.severity == .error }) else { return (findings, nil) }
        var differences: [(column: String, raw: String)] = []
        for index in columns.indices where asWritten & (1 << index) == 0 {
            guard let written = complete.written(at: index), !(written.isEmpty && values[index] == .null) else {
                continue
            }
            if written != values[index].canonicalText { differences.append((columns[index].name, written)) }
        }
        return (findings, CheckedRow(dataset: schema.dataset, line: line, values: values, rawDifferences: differences))
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
        struct Group {
            var code: String
            var line: Int
            var count: Int
            var written: String
        }
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
            result.findings.append(
                Finding(
                    .alias, dataset: schema.dataset, line: group.line, column: key.column, value: written,
                    message: Messages.alias(written, code: group.code, occurrences: group.count)))
        }
    }

    private func requireUTF8(_ record: CSVRecord, column: String?) throws {
        guard record.firstInvalidUTF8Cell != nil else { return }
        throw EncodingProblem(byte: record.position.byte, line: record.position.line, column: column)
    }
}
