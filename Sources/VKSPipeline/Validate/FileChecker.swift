import Foundation
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
            if let dataset = name.dataset, name.format == .xlsx {
                try checkWorkbook(name: name, dataset: dataset, period: period, open: open, into: &result, onRow: onRow)
            } else if let dataset = name.dataset {
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

    /// A workbook (SPEC §4): its sheet named after the dataset (else the first) is read as the CSV
    /// file it would have been saved as, through the same checks; each finding names its cell.
    private func checkWorkbook(
        name: SubmissionName, dataset: Dataset, period: Period, open: OpenSource,
        into result: inout FileCheckResult, onRow: (CheckedRow) throws -> Void
    ) throws {
        do {
            try Self.withSheetAsCSV(open: open, dataset: dataset, limits: options.limits) { csv, sheet in
                result.encoding = "xlsx"
                result.delimiter = "trang tính " + sheet
                var rows = RowChecker(
                    schema: dataset.schema, period: period, fileProvince: name.provinceCode, reference: reference)
                let before = result.findings.count
                try rows.read(
                    CSVReader(source: try FileByteSource(path: csv), limits: options.limits.csv), knownValidUTF8: true,
                    into: &result, onRow: onRow)
                rows.flushAliasFindings(into: &result)
                for index in result.findings.indices.dropFirst(before) {
                    let finding = result.findings[index]
                    guard let line = finding.line, let column = finding.column,
                        let cell = rows.columnPositions[column]
                    else { continue }
                    result.findings[index].message = Messages.inCell(
                        sheet, Self.letters(cell) + String(line), finding.message)
                }
            }
        } catch let error as XLSXError {
            result.findings.append(Self.finding(for: error))
            result.fileRejected = true
        }
    }

    /// Hands `body` the workbook's sheet for `dataset` written as a CSV file (UTF-8, comma, line n
    /// = row n) and the sheet's name; both files are gone afterwards. ZIP needs to seek: the
    /// workbook's bytes go to a temporary file first, within the file limit.
    static func withSheetAsCSV<T>(
        open: OpenSource, dataset: Dataset, limits: Limits, _ body: (String, String) throws -> T
    ) throws -> T {
        let folder = FileManager.default.temporaryDirectory.path + "/vksict-xlsx-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Scratch files, gone when done: written, never fsynced.
        let copy = try ScratchFile(path: folder + "/workbook.xlsx")
        try LimitedByteSource(upstream: try open(), limit: limits.maxFileBytes).forEachChunk { try copy.write($0) }
        try copy.close()
        let workbook = try XLSXWorkbook(
            path: folder + "/workbook.xlsx", limits: XLSXLimits(maxUncompressedBytes: limits.maxFileBytes))
        let sheet = sheet(for: dataset, in: workbook.sheets)
        let csv = try ScratchFile(path: folder + "/sheet.csv")
        try workbook.writeCSV(of: sheet, to: csv)
        try csv.close()
        return try body(folder + "/sheet.csv", sheet.name)
    }

    /// The sheet named after the dataset, in English or Vietnamese (blind to case and diacritics), else the first.
    static func sheet(for dataset: Dataset, in sheets: [XLSXWorkbook.Sheet]) -> XLSXWorkbook.Sheet {
        let names = [dataset.rawValue, dataset.vietnameseName].map(Text.folded)
        return sheets.first { names.contains(Text.folded($0.name)) } ?? sheets[0]
    }

    /// 3 → `D`, 27 → `AB`.
    static func letters(_ index: Int) -> String {
        var index = index + 1
        var letters = ""
        while index > 0 {
            let remainder = (index - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + remainder))) + letters
            index = (index - 1) / 26
        }
        return letters
    }

    static func finding(for error: XLSXError) -> Finding {
        switch error {
        case .notAWorkbook: Finding(.encoding, message: Messages.workbookBroken)
        case .encryptedOrLegacy: Finding(.encoding, message: Messages.workbookEncrypted)
        case .missingPart(let part): Finding(.encoding, message: Messages.workbookPartMissing(part))
        case .unsafeEntryName(let entry): Finding(.encoding, value: entry, message: Messages.workbookUnsafeEntry(entry))
        case .tooLarge(let limit): Finding(.tooLarge, message: Messages.workbookTooLarge(limit: limit))
        case .doctype(let part): Finding(.xmlMalformed, message: Messages.workbookDoctype(part))
        case .malformed(let part, let detail):
            Finding(.xmlMalformed, message: Messages.workbookMalformed(part, detail: detail))
        }
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
