import Foundation
import GRDB
import Logging
import Synchronization
import VKSReaders
import VKSWarehouse

/// Stage 2: checks every received file and decides, file by file, accepted or rejected.
///
/// Findings are stored with the file (all of them, errors and warnings). Reads the archived copy,
/// never the inbox: what is checked is exactly what was archived.
///
/// With `loadsAccepted` (`vksict run`), the rows that pass are loaded as they are checked, in the
/// transaction that records the file's outcome, and rolled back if the file is rejected: a night
/// reads each file once, and `normalize` finds nothing left to read again. On its own (`vksict
/// validate`), nothing is loaded.
public struct ValidateStage: Stage {
    public let name = "validate"
    public let loadsAccepted: Bool
    /// `vksict validate --recheck`: files with errors in scope are checked again first.
    public let recheck: Bool

    public init(loadsAccepted: Bool = false, recheck: Bool = false) {
        self.loadsAccepted = loadsAccepted
        self.recheck = recheck
    }

    public func run(_ context: RunContext) throws -> StageSummary {
        if recheck {
            try context.warehouse.write { db in
                _ = try Ledger.requeueForRecheck(periods: context.scope.periods, province: context.scope.province, db)
            }
        }
        let files = try context.warehouse.read { db in
            try Ledger.files(status: .received, periods: context.scope.periods, province: context.scope.province, db)
        }
        let checker = FileChecker(
            reference: context.reference,
            options: context.checkOptions)
        let archive = Archive(folder: context.config.archive)
        let closures = try context.warehouse.read { try PeriodLock.closures($0) }
        let check: RowFeed.CheckFile = { index, onRow in
            let file = files[index]
            if let period = file.period, let closure = closures[period], file.id! > closure.lastFileID {
                // Kept in the archive and the ledger, refused with its reason; reopening takes it back.
                var result = FileCheckResult()
                result.findings = [
                    Finding(
                        .periodClosed, dataset: file.dataset.flatMap(Dataset.init(rawValue:)),
                        value: period, message: Messages.periodClosed(period, at: closure.closedAt))
                ]
                result.fileRejected = true
                return result
            }
            let path = archive.path(of: file.sha256)
            return try checker.check(deliveredName: file.name, open: { try FileByteSource(path: path) }, onRow: onRow)
        }
        var summary =
            loadsAccepted ? try checkAndLoad(files, check: check, context) : try checkOnly(files, check: check, context)
        if files.isEmpty { summary.note = "không có tệp chờ kiểm tra" }
        return summary
    }

    /// Files are checked one per core; each file's outcome is written in ledger order, so the
    /// warehouse ends up the same as with one thread.
    private func checkOnly(
        _ files: [ReceivedFile], check: @escaping RowFeed.CheckFile,
        _ context: RunContext
    ) throws -> StageSummary {
        let summary = Mutex(StageSummary(stage: name))
        try InOrderParallel.forEach(
            files.count,
            work: { index in
                let started = Date()
                return (try check(index) { _ in }, started)
            },
            deliver: { index, checked in
                let (result, started) = checked
                var file = files[index]
                let rejected = try context.warehouse.write { db in try record(result, of: &file, context, db) }
                report(
                    file, result, rejected: rejected, loaded: nil, index: index, of: files.count, since: started,
                    into: summary, context)
            })
        return summary.withLock { $0 }
    }

    /// Files are checked ahead on reading threads (`RowFeed`) while this thread loads the rows of
    /// the one before, in ledger order: the warehouse is the same as `validate` then `normalize`.
    private func checkAndLoad(
        _ files: [ReceivedFile], check: @escaping RowFeed.CheckFile,
        _ context: RunContext
    ) throws -> StageSummary {
        let summary = Mutex(StageSummary(stage: name))
        let plausibility = PlausibilityCheck(config: context.config.outliers)
        let feed = RowFeed(count: files.count, check: check)
        defer { feed.stop() }
        var loadedRows = 0
        var loadedFiles = 0
        // Without SQLite's per-row foreign-key check, as in `normalize` (`Warehouse.withoutForeignKeyChecks`).
        try context.warehouse.withoutForeignKeyChecks {
            for index in files.indices {
                let started = Date()
                var file = files[index]
                let (result, rejected, loaded) = try context.warehouse.write { db in
                    var load: FileLoad?
                    var result = FileCheckResult()
                    var sums = FileSums()
                    // The rows go in as they come; whether the file is taken is known after the last.
                    try db.inSavepoint {
                        (result, sums) = try feed.rowsOfNextFile { row in
                            if load == nil { load = try FileLoad(file, db) }
                            try load!.insert(row, db)
                        }
                        if Self.rejects(result, context) { return .rollback }
                        try load?.flush()
                        return .commit
                    }
                    if try record(result, of: &file, context, db) { return (result, true, nil as Int?) }
                    if load == nil { load = try FileLoad(file, db) }  // a former load's facts go all the same
                    let rows = try load!.complete(
                        &file, sums: sums, plausibility: plausibility,
                        timestamp: context.clock.timestamp, db)
                    return (result, false, rows)
                }
                if let loaded {
                    loadedFiles += 1
                    loadedRows += loaded
                }
                report(
                    file, result, rejected: rejected, loaded: loaded, index: index, of: files.count, since: started,
                    into: summary, context)
            }
        }
        var done = summary.withLock { $0 }
        if loadedFiles > 0 {
            try NormalizeStage.refreshStatistics(context.warehouse)
            done.note = "đã nạp luôn \(loadedFiles) tệp được nhận (\(loadedRows) dòng) vào kho"
        }
        return done
    }

    /// Whether `result` rejects the whole file (lateness, a warning, never does).
    private static func rejects(_ result: FileCheckResult, _ context: RunContext) -> Bool {
        result.fileRejected
            || (context.config.onRowError == .rejectFile && result.errorCount > 0)
            || (result.rowsTotal > 0 && result.rowsRejected == result.rowsTotal)
    }

    /// Stores the file's outcome: its status and counts, its findings (lateness added), its returns.
    /// Returns whether the file was rejected.
    private func record(_ checked: FileCheckResult, of file: inout ReceivedFile, _ context: RunContext, _ db: Database)
        throws -> Bool
    {
        var result = checked
        let lateness = Lateness(file: file, deadlineDays: context.config.deadlineDays)
        if let late = lateness.finding { result.findings.append(late) }
        if let repeated = try Self.repeatedFileFinding(file, db) { result.findings.append(repeated) }
        let rejected = Self.rejects(result, context)
        file.status = rejected ? .rejected : .accepted
        file.validatedAt = context.clock.timestamp
        file.validatedRunId = context.runID
        file.encoding = result.encoding
        file.delimiter = result.delimiter
        file.rowsTotal = result.rowsTotal
        file.rowsRejected = result.rowsRejected
        file.errors = result.errorCount
        file.warnings = result.warningCount
        file.onTime = lateness.onTime
        try file.update(db)
        try FindingStore.replace(fileID: file.id!, with: result.findings.map(StoredFinding.init), db)
        try ReturnStore.replace(
            fileID: file.id!,
            with: result.returns.sorted { $0.key < $1.key }.map {
                FileReturn(
                    fileId: file.id!, dataset: $0.key.rawValue, rowsTotal: $0.value.rows,
                    rowsRejected: $0.value.rejected)
            }, db)
        try ReturnStore.recordSuperseded(fileID: file.id!, db)
        if let period = file.period {
            // A file whose province is unknown changes what every province's export shows.
            try PeriodState.markForExport([period, String(period.prefix(4))], province: file.provinceCode, db)
        }
        return rejected
    }

    /// `W_REPEATED_FILE` when the same bytes came earlier for another return (SPEC §4): last quarter's
    /// file sent unchanged for this quarter is worth a look, not a rejection. A file sent again after
    /// a misnamed one (the earlier named no return) is not told.
    /// Another province's file is not named: a province reads its feedback and hears only of its own.
    static func repeatedFileFinding(_ file: ReceivedFile, _ db: Database) throws -> Finding? {
        guard let earlier = try Ledger.earlierDeliveryOfTheSameBytes(for: file, db) else { return nil }
        let what =
            earlier.dataset.flatMap(Dataset.init(rawValue:)).map { "báo cáo \($0.vietnameseName)" } ?? "bộ báo cáo"
        let day = Clock.parse(earlier.arrivedAt).map { CivilDate.inVietnam($0).description } ?? earlier.arrivedAt
        guard earlier.nameProvinceCode == file.nameProvinceCode else {
            return Finding(.repeatedFile, message: Messages.repeatedFileOfAnotherProvince(earlierArrival: day))
        }
        return Finding(
            .repeatedFile, value: earlier.name,
            message: Messages.repeatedFile(
                earlierName: earlier.name, earlierArrival: day,
                earlierReturn: "\(what) kỳ \(earlier.period ?? "")"))
    }

    /// Counts the file into the stage's summary, logs it and moves the progress bar.
    private func report(
        _ file: ReceivedFile, _ result: FileCheckResult, rejected: Bool, loaded: Int?, index: Int, of total: Int,
        since started: Date, into summary: borrowing Mutex<StageSummary>, _ context: RunContext
    ) {
        let done = summary.withLock { summary in
            summary.files += 1
            summary.rows += result.rowsTotal
            if rejected { summary.rejected += 1 }
            return summary
        }
        var metadata: Logger.Metadata = [
            "run_id": "\(context.runID)", "stage": "\(name)", "file": "\(file.name)",
            "status": "\(file.status.rawValue)",
            "rows": .stringConvertible(result.rowsTotal), "errors": .stringConvertible(result.errorCount),
            "warnings": .stringConvertible(result.warningCount),
            "seconds": .stringConvertible(Date().timeIntervalSince(started)),
        ]
        if let loaded { metadata["loaded"] = .stringConvertible(loaded) }
        context.logger.info("file", metadata: metadata)
        context.progress?.advance(stage: name, done: index + 1, total: total, rows: done.rows)
    }
}

/// Whether a file arrived by its quarter's deadline (SPEC §2: 15 days after the quarter ends by default).
struct Lateness {
    let onTime: Bool?
    let finding: Finding?

    init(file: ReceivedFile, deadlineDays: Int) {
        guard let periodText = file.period, let period = Period(periodText),
            let arrived = Clock.parse(file.arrivedAt)
        else {
            onTime = nil
            finding = nil
            return
        }
        let deadline = period.lastDay.adding(days: deadlineDays)
        let arrivalDay = CivilDate.inVietnam(arrived)
        onTime = arrivalDay <= deadline
        finding = onTime! ? nil : Finding(.late, message: Messages.late(deadline: deadline, arrived: arrivalDay))
    }
}

extension StoredFinding {
    init(_ finding: Finding) {
        self.init(
            code: finding.code.rawValue, dataset: finding.dataset?.rawValue, severity: finding.severity.rawValue,
            line: finding.line,
            column: finding.column, value: finding.value, message: finding.message)
    }
}
