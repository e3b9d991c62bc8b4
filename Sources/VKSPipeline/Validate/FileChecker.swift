import Synchronization
import VKSModel
import VKSReaders

/// Everything the file checks need besides the file: reference data, limits, today's date, and
/// the encodings or delimiters the pipeline file forces for some file names.
public struct CheckOptions: Sendable {
    public var limits: Limits
    public var today: CivilDate
    public var fileOverrides: [FileOverride]
    /// The submission XSD; XML files are read without it when nil (tests, `inspect`, `normalize`).
    public var schema: SubmissionSchema?

    public init(
        limits: Limits = Limits(), today: CivilDate, fileOverrides: [FileOverride] = [],
        schema: SubmissionSchema? = nil
    ) {
        self.limits = limits
        self.today = today
        self.fileOverrides = fileOverrides
        self.schema = schema
    }
}

/// The submission XSD, compiled once, when the first XML file needs it: checking CSV files never
/// pays for it (libxml2's compiled schema is 1.2 MiB, a twenty-fifth of `check`'s memory).
public final class SubmissionSchema: Sendable {
    /// Where the XSD comes from: a file, or the copy built into the executable.
    private enum Source {
        case path(String)
        case text(String)
    }
    private let source: Source
    private let compiled = Mutex<Result<XMLSchema, any Error>?>(nil)
    private let inOrder = Mutex<XMLSchema??>(nil)

    public init(path: String) { source = .path(path) }

    /// `schemas/submission-v1.xsd` as built into the executable.
    public static func builtIn() -> SubmissionSchema { SubmissionSchema(text: builtInText) }

    /// The text of `schemas/submission-v1.xsd` as built into the executable.
    public static var builtInText: String { EmbeddedDefaults.submissionSchema }

    private init(text: String) { source = .text(text) }

    public func schema() throws -> XMLSchema {
        try compiled.withLock { compiled in
            if compiled == nil {
                compiled = Result {
                    switch source {
                    case .path(let path): try XMLSchema(path: path)
                    case .text(let text): try XMLSchema(text: text)
                    }
                }
            }
            return try compiled!.get()
        }
    }

    /// The XSD with its `xs:all` groups in their declared order (`XMLSchema.allGroupsInDeclaredOrder`),
    /// nil when there is no such variant: what a file is read with first (see `FileChecker.checkXML`).
    public func schemaInDeclaredOrder() throws -> XMLSchema? {
        _ = try schema()  // the XSD itself must compile, or nothing is read
        return inOrder.withLock { inOrder in
            if inOrder == nil {
                switch source {
                case .path(let path): inOrder = .some(XMLSchema.allGroupsInDeclaredOrder(path: path))
                case .text(let text): inOrder = .some(XMLSchema.allGroupsInDeclaredOrder(text: text))
                }
            }
            return inOrder!
        }
    }
}

/// Runs every check of SPEC §5 that needs no warehouse over one submitted file, streaming.
///
/// Used by `validate` (findings stored, file accepted or rejected), by `normalize` (the rows that
/// passed are loaded) and by `check` (what a province runs before sending). All findings of a file
/// are collected, never only the first; memory is bounded by one record plus the key set.
public struct FileChecker: Sendable {
    public let reference: ReferenceData
    public let options: CheckOptions

    public init(reference: ReferenceData, options: CheckOptions) {
        self.reference = reference
        self.options = options
    }

    /// Opens the file's bytes from the start: the delimiter sniff and the read each need a fresh stream.
    public typealias OpenSource = () throws -> ByteSource

    /// Checks a file delivered as `deliveredName`, handing each row that passed to `onRow`.
    public func check(
        deliveredName: String, open: OpenSource,
        onRow: (CheckedRow) throws -> Void = { _ in }
    ) throws -> FileCheckResult {
        var result = FileCheckResult()
        let baseName = String(deliveredName.split(separator: "/").last ?? Substring(deliveredName))
        guard let name = SubmissionName(fileName: baseName) else {
            let diagnosis = NameDiagnosis(fileName: baseName)
            result.findings.append(Finding(diagnosis.code, value: baseName, message: diagnosis.message))
            result.fileRejected = true
            return result
        }
        if let dataset = name.dataset { result.returns[dataset] = FileCheckResult.ReturnCount() }
        guard let period = name.period else {
            result.findings.append(
                Finding(.period, value: name.periodText, message: Messages.periodMalformed(name.periodText)))
            result.fileRejected = true
            return result
        }
        if period.firstDay > options.today {
            result.findings.append(
                Finding(.period, value: period.description, message: Messages.periodInFuture(period)))
            result.fileRejected = true
        }
        if period.year < Period.earliestYear {
            result.findings.append(
                Finding(.period, value: period.description, message: Messages.periodTooEarly(period)))
            result.fileRejected = true
        }
        if reference.currentProvinceCode(for: name.provinceCode, in: period) == nil {
            result.findings.append(
                Finding(
                    .fileName, value: name.provinceCode,
                    message: Messages.unknownProvince(name.provinceCode, period)))
            result.fileRejected = true
        }
        if result.fileRejected { return result }

        do {
            if let dataset = name.dataset {
                try checkCSV(
                    name: name, baseName: baseName, dataset: dataset, period: period, open: open,
                    into: &result, onRow: onRow)
            } else {
                try checkXML(name: name, period: period, open: open, into: &result, onRow: onRow)
            }
        } catch let error as ReaderError {
            // An unreadable archive copy is the system failing, not the province's file.
            guard let problem = finding(for: error) else { throw error }
            result.findings.append(problem)
            result.fileRejected = true
        } catch let error as RowChecker.EncodingProblem {
            result.findings.append(
                Finding(
                    .encoding, line: error.line, column: error.column,
                    message: Messages.encoding(byte: error.byte, line: error.line)))
            result.fileRejected = true
        }
        result.findings.sort { ($0.line ?? 0) < ($1.line ?? 0) }
        if result.rowsTotal == 0 && !result.fileRejected && !result.findings.contains(where: { $0.severity == .error })
        {
            result.findings.append(Finding(.empty, dataset: name.dataset, message: Messages.empty))
        }
        // A broken file, or one that breaks the published XSD, cannot be taken in part.
        let fileLevel: Set<FindingCode> = [
            .empty, .headerMissing, .headerDuplicate, .xmlMalformed, .xmlSchema, .tooLarge,
        ]
        if result.findings.contains(where: { fileLevel.contains($0.code) }) { result.fileRejected = true }
        return result
    }

    private func checkCSV(
        name: SubmissionName, baseName: String, dataset: Dataset, period: Period, open: OpenSource,
        into result: inout FileCheckResult, onRow: (CheckedRow) throws -> Void
    ) throws {
        var rows = RowChecker(
            schema: dataset.schema, period: period, fileProvince: name.provinceCode, reference: reference)
        defer { rows.flushAliasFindings(into: &result) }
        let (reader, dialect) = try CSVInput.open(
            open, gzip: name.isGzip, maxFileBytes: options.limits.maxFileBytes,
            limits: options.limits.csv,
            overrides: FileOverride.resolve(options.fileOverrides, for: baseName))
        result.encoding = dialect.encoding.rawValue
        result.delimiter = DelimiterSniffer.name(of: dialect.delimiter)
        try rows.read(reader, knownValidUTF8: dialect.isValidUTF8, into: &result, onRow: onRow)
    }

    private func finding(for error: ReaderError) -> Finding? {
        switch error {
        case .io:
            return nil
        case .gzip(let reason, _):
            return Finding(.gzip, message: Messages.gzip(reason))
        case .tooLarge(let what, let limit, let line):
            return Finding(.tooLarge, line: line == 0 ? nil : line, message: Messages.tooLarge(what, limit: limit))
        case .unterminatedQuote(let line):
            return Finding(.rowShape, line: line, message: Messages.unterminatedQuote(line: line))
        case .spreadsheet:
            return Finding(.encoding, message: Messages.spreadsheetNotCSV)
        case .gzipWithoutItsName:
            return Finding(.gzip, message: Messages.gzipNamedCSV)
        case .binary(let byte, let line):
            return Finding(.encoding, line: line, message: Messages.binary(byte: byte, line: line))
        case .encoding(let byte, let line, _):
            return Finding(.encoding, line: line, message: Messages.encoding(byte: byte, line: line))
        case .ambiguousEncoding(let byte, let line):
            return Finding(.encoding, line: line, message: Messages.ambiguousEncoding(byte: byte, line: line))
        }
    }
}
