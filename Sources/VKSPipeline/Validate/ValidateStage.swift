import Foundation
import GRDB
import Logging
import Synchronization
import VKSModel
import VKSReaders
import VKSWarehouse

/// Stage 2 on its own (`vksict validate`): checks every received file and decides, file by file,
/// accepted or rejected (`FileVerdicts`); nothing is loaded. `vksict run` checks and loads in one
/// pass instead (`ValidateAndLoadStage`).
public struct ValidateStage: Stage {
    static let stageName = "validate"
    public let name = stageName
    /// `vksict validate --recheck`: files with errors in scope are checked again first.
    public let recheck: Bool

    public init(recheck: Bool = false) {
        self.recheck = recheck
    }

    public func run(_ context: RunContext) throws -> StageSummary {
        if recheck {
            try context.warehouse.write { db in
                _ = try Ledger.requeueForRecheck(periods: context.scope.periods, province: context.scope.province, db)
            }
        }
        let files = try FileVerdicts.filesToCheck(context)
        let check = try FileVerdicts.checker(for: files, context)
        let summary = Mutex(StageSummary(stage: name))
        // Files are checked one per core; each file's outcome is written in ledger order, so the
        // warehouse ends up the same as with one thread.
        try InOrderParallel.forEach(
            files.count,
            work: { index in
                let started = Date()
                return (try check(index) { _ in }, started)
            },
            deliver: { index, checked in
                let (result, started) = checked
                var file = files[index]
                let rejected = try context.warehouse.write { db in
                    try FileVerdicts.record(result, of: &file, context, db)
                }
                FileVerdicts.report(
                    file, result, rejected: rejected, loaded: nil, index: index, of: files.count, since: started,
                    into: summary, context)
            })
        var done = summary.withLock { $0 }
        if files.isEmpty { done.note = "không có tệp chờ kiểm tra" }
        return done
    }
}
