import Foundation
import GRDB
import VKSReaders
import VKSWarehouse

/// Stage 3: loads the rows of accepted files into the fact tables, normalised, one transaction per
/// file, and makes each of the file's returns the current version (superseding the earlier one).
///
/// The archived file is read again through the same checker as `validate`, so exactly the rows
/// that passed are loaded (all of them under `reject_file`, the good ones under `quarantine_rows`);
/// `RowFeed` does that reading on other threads while this stage writes.
///
/// In `vksict run`, `validate` loads what it accepts as it checks it (`ValidateAndLoadStage`),
/// so this stage finds only files an earlier `vksict validate` accepted, usually none.
public struct NormalizeStage: Stage {
    public let name = "normalize"

    public init() {}

    public func run(_ context: RunContext) throws -> StageSummary {
        var summary = StageSummary(stage: name)
        let files = try context.warehouse.read { db in
            try Ledger.files(status: .accepted, periods: context.scope.periods, province: context.scope.province, db)
                .filter { $0.loadedAt == nil }
        }
        // Only accepted files are loaded, and the archive holds exactly the bytes `validate` checked
        // against the XSD: the rows are read again without it (XSD validation is most of XML's cost).
        var options = context.checkOptions
        options.schema = nil
        let checker = FileChecker(reference: context.reference, options: options)
        let archive = Archive(folder: context.config.archive)
        let plausibility = PlausibilityCheck(config: context.config.outliers)
        // Files are read and checked ahead, on reading threads, while this thread loads.
        let feed = RowFeed(files: files, checker: checker, archive: archive)
        defer { feed.stop() }
        // Facts load without SQLite's per-row foreign-key check; each file's ledger row is updated
        // in the transaction that inserts its facts, which proves their `file_id` (see
        // `Warehouse.withoutForeignKeyChecks`).
        try context.warehouse.withoutForeignKeyChecks {
            for (index, var file) in files.enumerated() {
                summary.rows += try context.warehouse.write { db in
                    try load(&file, from: feed, plausibility: plausibility, context, db)
                }
                summary.files += 1
                context.logger.info(
                    "file",
                    metadata: [
                        "run_id": "\(context.runID)", "stage": "\(name)", "file": "\(file.name)",
                        "rows": .stringConvertible(summary.rows),
                    ])
                context.progress?.advance(stage: name, done: index + 1, total: files.count, rows: summary.rows)
            }
        }
        if files.isEmpty {
            summary.note = "không còn tệp được nhận nào chờ nạp"
        } else {
            try Self.refreshStatistics(context.warehouse)
        }
        return summary
    }

    /// Fresh table statistics, after facts were loaded, let SQLite start the indicator and export
    /// queries from the few files of the periods asked for, not from every fact (see
    /// `ScopeNarrowing.only`). Sampled, it takes milliseconds.
    static func refreshStatistics(_ warehouse: Warehouse) throws {
        try warehouse.write { db in try db.execute(sql: "PRAGMA analysis_limit = 1000; ANALYZE") }
    }

    /// Loads the next file's rows from `feed` in one transaction (see `FileLoad`). Returns the rows loaded.
    private func load(
        _ file: inout ReceivedFile, from feed: RowFeed, plausibility: PlausibilityCheck,
        _ context: RunContext, _ db: Database
    ) throws -> Int {
        var load = try FileLoad(file, db)
        let (_, sums) = try feed.rowsOfNextFile { row in try load.insert(row, db) }
        try load.flush()
        return try load.complete(&file, sums: sums, plausibility: plausibility, timestamp: context.clock.timestamp, db)
    }
}
