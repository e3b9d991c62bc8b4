import VKSModel
import VKSReaders

extension FileChecker {
    /// Checks an XML submission (SPEC §4): the XSD while streaming, then the same row rules as CSV,
    /// each dataset with its own checker (keys, aliases), rows with the XML line of their element.
    ///
    /// The XSD's `xs:all` groups (a row's columns, in any order) cost libxml2 about half of reading
    /// the file. So the file is read first against the same XSD with those groups in their declared
    /// order, which libxml2 checks far faster and which accepts only files the XSD accepts. A file
    /// it does not accept, whether written in another order or wrong, is checked again against the
    /// XSD itself, and that second reading's result is the file's, exactly as if it had been the
    /// only one. Its rows are not handed on again: they were already, and the row checks do not
    /// depend on the XSD (a file the XSD rejects loads nothing). A file always written in another
    /// order pays for two readings.
    func checkXML(
        name: SubmissionName, period: Period, open: OpenSource, into result: inout FileCheckResult,
        onRow: (CheckedRow) throws -> Void
    ) throws {
        guard let inOrder = try options.schema?.schemaInDeclaredOrder() else {
            return try checkXML(
                name: name, period: period, schema: try options.schema?.schema(), open: open, into: &result,
                onRow: onRow)
        }
        var fast = result
        do {
            try checkXML(name: name, period: period, schema: inOrder, open: open, into: &fast, onRow: onRow)
        } catch let error as ReaderError where !fast.findings.contains(where: { $0.code == .xmlSchema }) {
            result = fast  // what was found before the file could not be read on, as with the XSD alone
            throw error
        } catch is ReaderError {
            // The XSD's own reading meets the same error, after the findings it gives up to there.
        }
        if !fast.findings.contains(where: { $0.code == .xmlSchema }) {
            result = fast
            return
        }
        try checkXML(
            name: name, period: period, schema: try options.schema?.schema(), open: open, into: &result,
            onRow: { _ in })
    }

    /// One reading of an XML submission against `schema` (none: no XSD).
    private func checkXML(
        name: SubmissionName, period: Period, schema: XMLSchema?, open: OpenSource,
        into result: inout FileCheckResult, onRow: (CheckedRow) throws -> Void
    ) throws {
        let raw = try open()
        let source: ByteSource =
            name.isGzip
            ? try GzipInflateSource(upstream: raw, limit: options.limits.maxFileBytes)
            : LimitedByteSource(upstream: raw, limit: options.limits.maxFileBytes)
        let reader = XMLSubmissionReader(
            source: source, schema: schema, columns: Self.xmlColumns,
            limits: XMLLimits(maxCellBytes: options.limits.maxCellBytes))
        // By the dataset's ordinal, not in a Dictionary: a checker mutated through a Dictionary's
        // subscript was copied and destroyed on every row (a fifth of `check`'s time on XML).
        var checkers = [RowChecker?](repeating: nil, count: Dataset.allCases.count)
        var counts = [FileCheckResult.ReturnCount](
            repeating: FileCheckResult.ReturnCount(), count: Dataset.allCases.count)
        let mappings = Dataset.allCases.map { Self.columnsInOrder($0.schema) }
        defer {
            for dataset in Dataset.allCases where checkers[dataset.ordinal] != nil {
                checkers[dataset.ordinal]!.flushAliasFindings(into: &result)
                let count = counts[dataset.ordinal]
                result.returns[dataset] = count
                result.rowsTotal += count.rows
                result.rowsRejected += count.rejected
            }
        }
        while let event = try reader.next() {
            switch event {
            case .submission(let attributes, let line):
                let mismatches = rootFindings(attributes, line: line, name: name)
                result.findings += mismatches
                if !mismatches.isEmpty { result.fileRejected = true }
            case .row(let row):
                guard let dataset = Dataset(rawValue: row.dataset) else { continue }  // the XSD reports it
                let slot = dataset.ordinal
                if checkers[slot] == nil {
                    checkers[slot] = RowChecker(
                        schema: dataset.schema, period: period, fileProvince: name.provinceCode,
                        reference: reference, numbers: .xml)
                }
                counts[slot].rows += 1
                if try !checkers[slot]!.check(
                    row.record, mapping: mappings[slot], findings: &result.findings, onRow: onRow)
                {
                    counts[slot].rejected += 1
                }
            case .problem(let problem):
                result.findings.append(finding(for: problem))
            }
        }
        result.encoding = reader.declaredEncoding ?? "UTF-8"
    }

    /// The root's `province` and `period` must say what the file name says.
    private func rootFindings(_ attributes: [String: String], line: Int, name: SubmissionName) -> [Finding] {
        var findings: [Finding] = []
        if let province = attributes["province"], province != name.provinceCode {
            findings.append(
                Finding(
                    .provinceMismatch, line: line, column: "province", value: province,
                    message: Messages.xmlProvinceMismatch(province, fileName: name.provinceCode)))
        }
        if let period = attributes["period"], period.uppercased() != name.periodText {
            findings.append(
                Finding(
                    .period, line: line, column: "period", value: period,
                    message: Messages.xmlPeriodMismatch(period, fileName: name.periodText)))
        }
        return findings
    }

    /// Each dataset element's columns, in the order the reader lays out a row's cells.
    static let xmlColumns: [String: [String]] = Dictionary(
        uniqueKeysWithValues: Dataset.allCases.map {
            ($0.rawValue, $0.schema.columns.map(\.name))
        })

    /// Every column at its own index: the "header" of an XML row.
    static func columnsInOrder(_ schema: DatasetSchema) -> HeaderMapper.Mapping {
        HeaderMapper.Mapping(
            cellIndex: Array(0..<schema.columns.count), written: schema.columns.map { _ in nil },
            width: schema.columns.count, findings: [],
            isUsable: true)
    }

    func finding(for problem: XMLProblem) -> Finding {
        switch problem.kind {
        case .schema:
            return Finding(
                .xmlSchema, dataset: problem.dataset.flatMap(Dataset.init(rawValue:)), line: problem.line,
                column: problem.element, message: Messages.xmlSchema(problem.detail))
        case .malformed:
            return Finding(
                .xmlMalformed, line: problem.line,
                message: Messages.xmlMalformed(problem.detail, line: problem.line, column: problem.column))
        case .doctype:
            return Finding(.xmlMalformed, line: problem.line, message: Messages.xmlDoctype)
        case .tooDeep:
            return Finding(.xmlMalformed, line: problem.line, column: problem.element, message: Messages.xmlTooDeep)
        case .tooLarge:
            return Finding(
                .tooLarge, line: problem.line, column: problem.element,
                message: Messages.tooLarge(.cellBytes, limit: options.limits.maxCellBytes))
        }
    }
}
