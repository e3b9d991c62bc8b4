import Foundation
import GRDB
import Logging
import Synchronization
import VKSModel
import VKSReaders
import VKSWarehouse

/// What `validate` does with each received file, whether it loads the accepted rows at once
/// (`ValidateAndLoadStage`, in `vksict run`) or leaves them to `normalize` (`ValidateStage`): which
/// files to check, how one is checked, how its outcome is recorded and reported.
///
/// Findings are stored with the file (all of them, errors and warnings). The archived copy is read,
/// never the inbox: what is checked is exactly what was archived.
enum FileVerdicts {
    /// The received files in scope, in ledger order.
    static func filesToCheck(_ context: RunContext) throws -> [ReceivedFile] {
        try context.warehouse.read { db in
            try Ledger.files(status: .received, periods: context.scope.periods, province: context.scope.province, db)
        }
    }

    /// Checks the `index`-th of `files`, handing its rows to `onRow`: a file of a closed quarter is
    /// refused without being read.
    static func checker(for files: [ReceivedFile], _ context: RunContext) throws -> RowFeed.CheckFile {
        let checker = FileChecker(reference: context.reference, options: context.checkOptions)
        let archive = Archive(folder: context.config.archive)
        let closures = try context.warehouse.read { try PeriodLock.closures($0) }
        return { index, onRow in
            let file = files[index]
            if let period = file.period, let closure = closures[period], file.id! > closure.lastFileID {
                // Kept in the archive and the ledger, refused with its reason; reopening takes it back.
                var result = FileCheckResult()
                result.findings = [
                    Finding(
                        .periodClosed, dataset: file.dataset,
                        value: period.description, message: Messages.periodClosed(period, at: closure.closedAt))
                ]
                result.fileRejected = true
                return result
            }
            let path = archive.path(of: file.sha256)
            return try checker.check(deliveredName: file.name, open: { try FileByteSource(path: path) }, onRow: onRow)
        }
    }

    /// Whether `result` rejects the whole file (lateness, a warning, never does).
    static func rejects(_ result: FileCheckResult, _ context: RunContext) -> Bool {
        result.fileRejected
            || (context.config.onRowError == .rejectFile && result.errorCount > 0)
            || (result.rowsTotal > 0 && result.rowsRejected == result.rowsTotal)
    }

    /// Stores the file's outcome: its status and counts, its findings (lateness added), its returns.
    /// Returns whether the file was rejected.
    static func record(_ checked: FileCheckResult, of file: inout ReceivedFile, _ context: RunContext, _ db: Database)
        throws -> Bool
    {
        var result = checked
        let lateness = Lateness(file: file, deadlineDays: context.config.deadlineDays)
        if let late = lateness.finding { result.findings.append(late) }
        if let repeated = try repeatedFileFinding(file, db) { result.findings.append(repeated) }
        let rejected = rejects(result, context)
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
        try FindingStore.replace(fileID: file.id!, with: result.findings, db)
        try ReturnStore.replace(
            fileID: file.id!,
            with: result.returns.sorted { $0.key < $1.key }.map {
                FileReturn(
                    fileId: file.id!, dataset: $0.key, rowsTotal: $0.value.rows,
                    rowsRejected: $0.value.rejected)
            }, db)
        try ReturnStore.recordSuperseded(fileID: file.id!, db)
        if let period = file.period {
            // A file whose province is unknown changes what every province's export shows.
            try PeriodState.markForExport(period.reporting.withItsYear, province: file.provinceCode, db)
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
            earlier.dataset.map { "báo cáo \($0.vietnameseName)" } ?? "bộ báo cáo"
        let day = Clock.parse(earlier.arrivedAt).map { CivilDate.inVietnam($0).description } ?? earlier.arrivedAt
        guard earlier.nameProvinceCode == file.nameProvinceCode else {
            return Finding(.repeatedFile, message: Messages.repeatedFileOfAnotherProvince(earlierArrival: day))
        }
        return Finding(
            .repeatedFile, value: earlier.name,
            message: Messages.repeatedFile(
                earlierName: earlier.name, earlierArrival: day,
                earlierReturn: "\(what) kỳ \(earlier.period?.description ?? "")"))
    }

    /// Counts the file into the stage's summary, logs it and moves the progress bar.
    static func report(
        _ file: ReceivedFile, _ result: FileCheckResult, rejected: Bool, loaded: Int?, index: Int, of total: Int,
        since started: Date, into summary: borrowing Mutex<StageSummary>, _ context: RunContext
    ) {
        let name = ValidateStage.stageName
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
        // A rejected file needs a person: a warning, as log collection filters by level.
        context.logger.log(level: rejected ? .warning : .info, "file", metadata: metadata)
        context.progress?.advance(stage: name, done: index + 1, total: total, rows: done.rows)
    }
}
