import Foundation
import GRDB
import Synchronization
import VKSReaders
import VKSWarehouse

/// Stage 2: checks every received file and decides, file by file, accepted or rejected.
///
/// Findings are stored with the file (all of them, errors and warnings); nothing is loaded here.
/// Reads the archived copy, never the inbox: what is checked is exactly what was archived.
public struct ValidateStage: Stage {
    public let name = "validate"

    public init() {}

    public func run(_ context: RunContext) throws -> StageSummary {
        var summary = StageSummary(stage: name)
        let files = try context.warehouse.read { db in
            try Ledger.files(status: .received, periods: context.scope.periods, province: context.scope.province, db)
        }
        let checker = FileChecker(reference: context.reference,
                                  options: context.checkOptions)
        let archive = Archive(folder: context.config.archive)
        let closures = try context.warehouse.read { try PeriodLock.closures($0) }
        // Files are checked one per core; each file's outcome is written in ledger order, so the
        // warehouse ends up the same as with one thread.
        let summaryBox = Mutex(summary)
        try InOrderParallel.forEach(files.count, work: { index in
            let file = files[index]
            let started = Date()
            if let period = file.period, let closure = closures[period], file.id! > closure.lastFileID {
                // Kept in the archive and the ledger, refused with its reason; reopening takes it back.
                var result = FileCheckResult()
                result.findings = [Finding(.periodClosed, dataset: file.dataset.flatMap(Dataset.init(rawValue:)),
                                           value: period, message: Messages.periodClosed(period, at: closure.closedAt))]
                result.fileRejected = true
                return (result, started)
            }
            let path = archive.path(of: file.sha256)
            return (try checker.check(deliveredName: file.name, open: { try FileByteSource(path: path) }), started)
        }, deliver: { index, checked in
            var (result, started) = checked
            var file = files[index]
            let lateness = Lateness(file: file, deadlineDays: context.config.deadlineDays)
            if let late = lateness.finding { result.findings.append(late) }

            let rejected = result.fileRejected
                || (context.config.onRowError == .rejectFile && result.errorCount > 0)
                || (result.rowsTotal > 0 && result.rowsRejected == result.rowsTotal)
            file.status = rejected ? .rejected : .accepted
            file.validatedAt = context.clock.timestamp
            file.encoding = result.encoding
            file.delimiter = result.delimiter
            file.rowsTotal = result.rowsTotal
            file.rowsRejected = result.rowsRejected
            file.errors = result.errorCount
            file.warnings = result.warningCount
            file.onTime = lateness.onTime
            try context.warehouse.write { [file, result] db in
                try file.update(db)
                try FindingStore.replace(fileID: file.id!, with: result.findings.map(StoredFinding.init), db)
                try ReturnStore.replace(fileID: file.id!, with: result.returns.sorted { $0.key < $1.key }.map {
                    FileReturn(fileId: file.id!, dataset: $0.key.rawValue, rowsTotal: $0.value.rows,
                               rowsRejected: $0.value.rejected)
                }, db)
                if let period = file.period {
                    // A file whose province is unknown changes what every province's export shows.
                    try PeriodState.markForExport([period, String(period.prefix(4))], province: file.provinceCode, db)
                }
            }
            let done = summaryBox.withLock { summary in
                summary.files += 1
                summary.rows += result.rowsTotal
                if rejected { summary.rejected += 1 }
                return summary
            }
            context.logger.info("file", metadata: [
                "run_id": "\(context.runID)", "stage": "\(name)", "file": "\(file.name)", "status": "\(file.status.rawValue)",
                "rows": .stringConvertible(result.rowsTotal), "errors": .stringConvertible(result.errorCount),
                "warnings": .stringConvertible(result.warningCount),
                "seconds": .stringConvertible(Date().timeIntervalSince(started)),
            ])
            context.progress?.advance(stage: name, done: index + 1, total: files.count, rows: done.rows)
        })
        summary = summaryBox.withLock { $0 }
        if files.isEmpty { summary.note = "không có tệp chờ kiểm tra" }
        return summary
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
        self.init(code: finding.code.rawValue, dataset: finding.dataset?.rawValue, severity: finding.severity.rawValue,
                  line: finding.line,
                  column: finding.column, value: finding.value, message: finding.message)
    }
}
