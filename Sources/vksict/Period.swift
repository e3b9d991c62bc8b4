import ArgumentParser
import Foundation
import GRDB
import Logging
import VKSModel
import VKSPipeline
import VKSWarehouse

extension VKSICT {
    struct PeriodCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "period", abstract: "Khóa sổ một quý (không nhận thêm tệp) hoặc mở lại, kèm lý do.",
            discussion: "Close a quarter (no more files) or reopen it, with a reason.",
            subcommands: [Close.self, Reopen.self])

        struct Close: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Khóa sổ một quý: tệp gửi sau bị từ chối (vẫn được lưu), số liệu và bản xuất giữ nguyên.",
                discussion: """
                    Freeze a quarter: later files are refused (E_PERIOD_CLOSED, kept in the archive), its figures \
                    and exports stay as they are.
                    """)

            @Argument(help: "The quarter (2026-Q3).")
            var period: String

            @Option(help: "Why (kept in the warehouse).")
            var reason: String?

            @OptionGroup var paths: PathOptions

            func validate() throws {
                guard Period(period) != nil else { throw ValidationError("expected a quarter such as 2026-Q3") }
            }

            func run() throws {
                try withExitCodes {
                    let context = try RunContext.open(
                        config: try paths.config(), scope: .everything,
                        logger: Logger(label: "vksict"), command: "period close")
                    try context.warehouse.write { db in
                        let quarter = Period(period)!  // checked by `validate`
                        if try PeriodLock.closure(of: quarter, db) != nil {
                            throw ValidationError("\(period) is already closed")
                        }
                        // Close only what is finished: files still to check or load, or figures still to
                        // compute, would be frozen half-done.
                        let pending =
                            try Int.fetchOne(
                                db,
                                sql: """
                                    SELECT COUNT(*) FROM received_file
                                    WHERE period = ? AND (status = 'received' OR (status = 'accepted' AND loaded_at IS NULL))
                                    """, arguments: [quarter]) ?? 0
                        let stale =
                            try Bool.fetchOne(
                                db, sql: "SELECT needs_aggregate FROM period_state WHERE period = ?",
                                arguments: [quarter]) ?? false
                        if pending > 0 || stale {
                            throw ValidationError(
                                "\(period) has work still to do (\(pending) files not yet checked or loaded"
                                    + (stale ? ", figures not yet computed" : "") + "): run `vksict run` first")
                        }
                        try PeriodLock.close(quarter, at: context.clock.timestamp, reason: reason, db)
                    }
                    print("Kỳ \(Period(period)!) đã khóa sổ.")
                }
            }
        }

        struct Reopen: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Mở lại một quý đã khóa; tệp bị từ chối vì quý đã khóa được kiểm tra lại ở lần chạy sau.",
                discussion: """
                    Reopen a closed quarter; files refused because it was closed are checked again at the next run.
                    """)

            @Argument(help: "The quarter (2026-Q3).")
            var period: String

            @Option(help: "Why it is reopened (required, kept in the warehouse).")
            var reason: String

            @OptionGroup var paths: PathOptions

            func validate() throws {
                guard Period(period) != nil else { throw ValidationError("expected a quarter such as 2026-Q3") }
                guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw ValidationError("--reason is required")
                }
            }

            func run() throws {
                try withExitCodes {
                    let context = try RunContext.open(
                        config: try paths.config(), scope: .everything,
                        logger: Logger(label: "vksict"), command: "period reopen")
                    let quarter = Period(period)!  // checked by `validate`
                    let requeued = try context.warehouse.write { db -> Int in
                        guard try PeriodLock.closure(of: quarter, db) != nil else {
                            throw ValidationError("\(period) is not closed")
                        }
                        let count = try PeriodLock.reopen(quarter, at: context.clock.timestamp, reason: reason, db)
                        try PeriodState.markForAggregate(quarter.reporting.withItsYear, db)
                        return count
                    }
                    print(
                        "Kỳ \(quarter) đã mở lại; \(requeued) tệp bị từ chối vì khóa sổ sẽ được kiểm tra lại ở lần chạy tới."
                    )
                }
            }
        }
    }
}
