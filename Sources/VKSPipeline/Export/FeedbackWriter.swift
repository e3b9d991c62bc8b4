import Foundation
import GRDB
import Synchronization
import VKSModel
import VKSReaders
import VKSWarehouse

/// `feedback/<province>_<period>.csv`: for every province with findings in a quarter, its own rows in
/// their own order with the finding codes and messages beside them, ready to open in Excel and fix
/// (issue 5). Never capped: every row and every finding is in it, and the first line counts them.
struct FeedbackWriter {
    let context: RunContext
    private var checkOptions: CheckOptions { context.checkOptions }

    struct Written: Sendable {
        let name: String
        let sha256: String
        let rows: Int
    }

    /// The layout of the files: change it when `section` writes them differently, so that no file of
    /// the old layout is kept beside new ones.
    static let format = "v1"

    /// Writes the feedback files of a quarter into `folder/feedback/`, removing stale ones.
    ///
    /// With `provinces` (today's codes whose files changed), only the files of those provinces
    /// are written again; the others are kept as the last export left them (`feedback_file`).
    func write(quarter: Period, folder: String, provinces owed: Set<String>?, _ db: Database) throws -> [Written] {
        let withFindings = try FindingRow.files(quarters: [quarter], asClosed: true, db)
        guard !withFindings.isEmpty || FileManager.default.fileExists(atPath: folder + "/feedback") else { return [] }
        let files = try ReceivedFile.filter(withFindings.contains(Column("id"))).order(Column("id")).fetchAll(db)
        try FileManager.default.createDirectory(atPath: folder + "/feedback", withIntermediateDirectories: true)
        let byProvince = Dictionary(grouping: files, by: { $0.nameProvinceCode ?? "00" })
        let provinces = byProvince.keys.sorted()
        // Kept, if still on disk as written: the file of a province none of whose files changed.
        let recorded = try Self.recorded(quarter: quarter, db)
        let keepable: [String: Written] = Dictionary(
            uniqueKeysWithValues: provinces.compactMap { province in
                guard let owed, let file = recorded[Self.name(province: province, quarter: quarter)],
                    !byProvince[province]!.contains(where: { $0.provinceCode.map(owed.contains) ?? true })
                else { return nil }
                return (province, file)
            })
        let rewritten = provinces.filter { keepable[$0] == nil }
        let byFile = Dictionary(
            grouping: try FindingRow.fetch(
                quarters: [quarter], province: nil,
                files: Set(rewritten.flatMap { byProvince[$0]!.map(\.id!) }),
                asClosed: true, db),
            by: \.fileID)
        // Each province's file re-reads its archived submissions: one province per core.
        let writtenFiles = Mutex<[Written]>([])
        try InOrderParallel.forEach(
            provinces.count,
            work: { index in
                let province = provinces[index]
                if let file = keepable[province], Self.sha256(of: folder + "/" + file.name) == file.sha256 {
                    return file
                }
                return try writeProvince(
                    province, quarter: quarter, folder: folder, files: byProvince[province]!, findings: byFile)
            }, deliver: { _, file in writtenFiles.withLock { $0.append(file) } })
        let written = writtenFiles.withLock { $0 }
        // A province whose findings went away (a reopened quarter) keeps no stale file.
        let current = Set(written.map { String($0.name.dropFirst("feedback/".count)) })
        for stale in try FileManager.default.contentsOfDirectory(atPath: folder + "/feedback")
        where stale.hasSuffix(".csv") && !current.contains(stale) {
            try FileManager.default.removeItem(atPath: folder + "/feedback/" + stale)
        }
        return written
    }

    /// The feedback files of a quarter as the last export wrote them.
    static func recorded(quarter: Period, _ db: Database) throws -> [String: Written] {
        let rows = try Row.fetchAll(
            db, sql: "SELECT name, sha256, rows FROM feedback_file WHERE period = ? AND format = ?",
            arguments: [quarter, format])
        return Dictionary(uniqueKeysWithValues: rows.map { ($0[0], Written(name: $0[0], sha256: $0[1], rows: $0[2])) })
    }

    /// Records what `write` left, once the export's manifest vouches for it.
    static func record(_ files: [Written], quarter: Period, _ db: Database) throws {
        try db.execute(sql: "DELETE FROM feedback_file WHERE period = ?", arguments: [quarter])
        for file in files {
            try db.execute(
                sql: "INSERT INTO feedback_file (period, name, sha256, rows, format) VALUES (?, ?, ?, ?, ?)",
                arguments: [quarter, file.name, file.sha256, file.rows, format])
        }
    }

    private static func name(province: String, quarter: Period) -> String {
        "feedback/\(province)_\(quarter).csv"
    }

    /// The digest of the file now on disk (nil when it is gone): a kept file someone changed is
    /// written again. Hashing a quarter's kept files costs far less than writing them.
    private static func sha256(of path: String) -> String? {
        try? Archive.sha256(of: FileByteSource(path: path))
    }

    private func writeProvince(
        _ province: String, quarter: Period, folder: String, files mine: [ReceivedFile],
        findings byFile: [Int64: [FindingRow]]
    ) throws -> Written {
        let name = Self.name(province: province, quarter: quarter)
        let file = try AtomicFile(path: folder + "/" + name)
        let hashing = HashingSink(destination: file)
        var out = FeedbackLines(sink: hashing)
        try hashing.write([0xEF, 0xBB, 0xBF])
        let all = mine.flatMap { byFile[$0.id!] ?? [] }
        let errors = all.filter { $0.severity == "error" }.count
        var rows = 0
        try out.line([
            .text(
                "Phản hồi kiểm tra báo cáo — tỉnh \(province), kỳ \(quarter): "
                    + "\(errors) lỗi, \(all.count - errors) cảnh báo trong \(mine.count) tệp. "
                    + "Mỗi dòng dữ liệu của tỉnh ở đúng thứ tự đã gửi; cột ma_loi và noi_dung_loi "
                    + "cho biết cần sửa gì.")
        ])
        for received in mine {
            rows += try section(received, findings: byFile[received.id!] ?? [], into: &out)
        }
        try out.flush()
        try file.commit()
        return Written(name: name, sha256: hashing.hexDigest, rows: rows)
    }

    /// One file's section: its findings without a line, then its header and every row with its findings.
    private func section(_ received: ReceivedFile, findings: [FindingRow], into out: inout FeedbackLines) throws -> Int
    {
        let errors = findings.filter { $0.severity == "error" }.count
        try out.line([])
        try out.line([
            .text(
                "Tệp: \(received.name) — \(received.status == .accepted ? "đã nhận" : "bị từ chối"): "
                    + "\(errors) lỗi, \(findings.count - errors) cảnh báo")
        ])
        // A file's own findings, and the title lines skipped above its header (the rows below start
        // at the file's first line, where the title stands).
        let general = { (finding: FindingRow) in finding.line == nil || finding.code == FindingCode.skippedRows.rawValue
        }
        for finding in findings where general(finding) {
            try out.line([.text("Lỗi chung của tệp"), .text(finding.code), .text(finding.message)])
        }
        let byLine = Dictionary(grouping: findings.filter { !general($0) }, by: { $0.line! })
        var rows = 0
        try readRows(received) { lineNumber, cells in
            switch cells {
            case .header:
                try out.line([.text("dong"), .text("ma_loi"), .text("noi_dung_loi")], then: cells)
            case .record, .decoded:
                rows += 1
                guard let here = byLine[lineNumber] else {
                    // Most rows have nothing to fix: no cells to build for the empty columns.
                    try out.line([.number(String(lineNumber)), .empty, .empty], then: cells)
                    return
                }
                let codes = here.map(\.code).joined(separator: "; ")
                let messages = here.map { ($0.column.map { "[\($0)] " } ?? "") + $0.message }.joined(separator: " | ")
                try out.line([.number(String(lineNumber)), .text(codes), .text(messages)], then: cells)
            }
        }
        return rows
    }

    /// A row's submitted cells as the feedback file shows them.
    fileprivate enum SubmittedCells {
        /// The header: the file's own, or for XML the dataset's column names.
        case header([String])
        /// A row read as UTF-8: its cells' bytes are written as they are (invalid UTF-8 replaced),
        /// unchecked when the whole file is known to be valid.
        case record(CSVRecord, validUTF8: Bool)
        /// A row whose text had to be recomposed (CP1258 writes accents as separate marks).
        case decoded([String])
    }

    /// The file's rows as written (decoded), header first; XML rows laid out in the dataset's columns.
    private func readRows(_ received: ReceivedFile, _ body: (Int, SubmittedCells) throws -> Void) throws {
        let path = Archive(folder: context.config.archive).path(of: received.sha256)
        let baseName = String(received.name.split(separator: "/").last ?? "")
        guard let name = SubmissionName(fileName: baseName) else { return }
        do {
            if let dataset = name.dataset, name.format == .xlsx {
                // A workbook's sheet as the check read it: CSV, line n = row n.
                let workbook: FileChecker.OpenSource = { try FileByteSource(path: path) }
                try FileChecker.withSheetAsCSV(open: workbook, dataset: dataset, limits: checkOptions.limits) {
                    csv, _ in
                    let reader = CSVReader(source: try FileByteSource(path: csv), limits: checkOptions.limits.csv)
                    try rows(of: reader, dataset: dataset, composed: false, validUTF8: true, body)
                }
            } else if let dataset = name.dataset {
                let (reader, dialect) = try CSVInput.open(
                    { try FileByteSource(path: path) }, gzip: name.isGzip,
                    maxFileBytes: checkOptions.limits.maxFileBytes,
                    limits: checkOptions.limits.csv,
                    overrides: FileOverride.resolve(checkOptions.fileOverrides, for: baseName))
                try rows(
                    of: reader, dataset: dataset, composed: dialect.encoding.needsComposition,
                    validUTF8: dialect.isValidUTF8, body)
            } else {
                let raw = try FileByteSource(path: path)
                let source: ByteSource =
                    name.isGzip ? try GzipInflateSource(upstream: raw, limit: checkOptions.limits.maxFileBytes) : raw
                let reader = XMLSubmissionReader(source: source, schema: nil, columns: FileChecker.xmlColumns)
                var dataset = ""
                while let event = try reader.next() {
                    guard case .row(let row) = event, let schema = Dataset(rawValue: row.dataset)?.schema else {
                        continue
                    }
                    if row.dataset != dataset {
                        dataset = row.dataset
                        try body(0, .header(schema.columns.map(\.name)))
                    }
                    try body(row.line, .record(row.record, validUTF8: true))  // libxml2 reads only UTF-8
                }
            }
        } catch is ReaderError, is XLSXError {
            return  // unreadable files have only their file-level findings in the feedback
        }
    }
}

extension FeedbackWriter {
    /// A dataset file's header and rows. The header is where the check found it: a form's title
    /// lines above it are quoted by the file's W_SKIPPED_ROWS among its general findings, not shown
    /// as the header. `composed`: the text must be recomposed (CP1258 writes accents apart).
    fileprivate func rows(
        of reader: CSVReader, dataset: Dataset, composed: Bool, validUTF8: Bool,
        _ body: (Int, SubmittedCells) throws -> Void
    ) throws {
        var leading: [CSVRecord] = []
        while leading.count < HeaderMapper.linesSearched, let record = try reader.next() {
            if !record.isBlank { leading.append(record) }
        }
        let mapper = HeaderMapper(schema: dataset.schema, headers: context.reference.columnHeaders)
        var records = leading[mapper.headerPosition(among: leading.map { $0.strings.map(Text.composed) })...]
            .makeIterator()
        var headerDone = false
        while let record = try records.next() ?? reader.next() {
            if record.isBlank && record.count <= 1 { continue }
            if composed {
                let cells = record.strings.map(Text.composed)
                try body(record.position.line, headerDone ? .decoded(cells) : .header(cells))
            } else if !headerDone {
                try body(record.position.line, .header(record.strings))
            } else {
                try body(record.position.line, .record(record, validUTF8: validUTF8))
            }
            headerDone = true
        }
    }
}

/// The lines of a feedback file, gathered in a buffer and written out (and hashed) 64 KiB at a time.
private struct FeedbackLines {
    let sink: ByteSink
    private var buffer = CSVLineBuilder(capacity: 1 << 16)

    init(sink: ByteSink) { self.sink = sink }

    mutating func line(_ cells: [ExportCell], then submitted: FeedbackWriter.SubmittedCells? = nil) throws {
        for cell in cells { cell.append(to: &buffer) }
        switch submitted {
        case nil: break
        case .header(let cells), .decoded(let cells):
            for cell in cells { buffer.appendText(cell.utf8) }
        case .record(let record, let validUTF8):
            if validUTF8 || record.firstInvalidUTF8Cell == nil {
                record.forEachCell { buffer.appendText($0) }
            } else {
                for cell in record.strings { buffer.appendText(cell.utf8) }
            }
        }
        buffer.endLine()
        if buffer.bytes.count >= 1 << 16 { try flush() }
    }

    mutating func flush() throws {
        try sink.write(buffer.bytes)
        buffer.removeAll()
    }
}
