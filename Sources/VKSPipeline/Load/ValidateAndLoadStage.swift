import Foundation
import GRDB
import Logging
import Synchronization
import VKSModel
import VKSReaders
import VKSWarehouse

/// Stage 2 as `vksict run` runs it: every received file checked (`FileVerdicts`, as `vksict
/// validate` does) and, in the transaction that records its outcome, its rows loaded as they are
/// checked, rolled back if the file is rejected. A night reads each file once, and `normalize`
/// finds nothing left to read again: the warehouse is the same as after `validate` then `normalize`.
public struct ValidateAndLoadStage: Stage {
    public let name = ValidateStage.stageName

    public init() {}

    /// Files are checked ahead on reading threads (`RowFeed`) while this thread loads the rows of
    /// the one before, in ledger order.
    public func run(_ context: RunContext) throws -> StageSummary {
        let files = try FileVerdicts.filesToCheck(context)
        let check = try FileVerdicts.checker(for: files, context)
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
                        if FileVerdicts.rejects(result, context) { return .rollback }
                        try load?.flush()
                        return .commit
                    }
                    if try FileVerdicts.record(result, of: &file, context, db) { return (result, true, nil as Int?) }
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
                FileVerdicts.report(
                    file, result, rejected: rejected, loaded: loaded, index: index, of: files.count, since: started,
                    into: summary, context)
            }
        }
        var done = summary.withLock { $0 }
        if loadedFiles > 0 {
            try NormalizeStage.refreshStatistics(context.warehouse)
            done.note = "đã nạp luôn \(loadedFiles) tệp được nhận (\(loadedRows) dòng) vào kho"
        } else if files.isEmpty {
            done.note = "không có tệp chờ kiểm tra"
        }
        return done
    }
}
