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
                context.logger.info("file", metadata: ["run_id": "\(context.runID)", "stage": "\(name)", "file": "\(file.name)",
                                                       "rows": .stringConvertible(summary.rows)])
                context.progress?.advance(stage: name, done: index + 1, total: files.count, rows: summary.rows)
            }
        }
        if files.isEmpty {
            summary.note = "không có tệp mới để nạp"
        } else {
            // Fresh table statistics let SQLite start the indicator and export queries from the few
            // files of the periods asked for, not from every fact (see `AggregateStage.only`).
            // Sampled, it takes milliseconds.
            try context.warehouse.write { db in try db.execute(sql: "PRAGMA analysis_limit = 1000; ANALYZE") }
        }
        return summary
    }

    /// Loads the next file's rows from `feed` in one transaction: its facts, its returns made current,
    /// their totals, its W_OUTLIER findings, its ledger row. Returns the rows loaded.
    private func load(_ file: inout ReceivedFile, from feed: RowFeed, plausibility: PlausibilityCheck,
                      _ context: RunContext, _ db: Database) throws -> Int {
        guard let period = file.period, let province = file.provinceCode, let nameProvince = file.nameProvinceCode,
              let fileID = file.id
        else { throw PipelineError.internalFailure("accepted file \(file.name) lacks its return identity") }
        // One writer per dataset the file holds (one for CSV, up to four for XML).
        var loads = [ReturnLoad?](repeating: nil, count: Dataset.allCases.count)
        for dataset in Dataset.allCases {
            try db.executeCached("DELETE FROM \(dataset.rawValue)_fact WHERE file_id = ?", arguments: [fileID])
        }
        try db.executeCached("DELETE FROM return_total WHERE file_id = ?", arguments: [fileID])
        try feed.rowsOfNextFile { row in
            let slot = row.dataset.ordinal
            if loads[slot] == nil {
                loads[slot] = ReturnLoad(writer: try FactWriter(schema: row.dataset.schema, fileID: fileID,
                                                                quarter: period, provinceCode: province, db: db))
            }
            try loads[slot]!.insert(row)
        }
        var rows = 0
        var outliers: [Finding] = []
        for load in loads.compactMap({ $0 }) {
            try load.finish()
            let dataset = load.writer.schema.dataset
            try ReturnStore.makeCurrent(fileID: fileID, dataset: dataset.rawValue, rowsLoaded: load.rows,
                                        nameProvinceCode: nameProvince, period: period, db)
            try load.storeTotals(fileID: fileID, db)
            rows += load.rows
            if let quarter = Period(period) {
                outliers += try plausibility.findings(dataset: dataset, province: province, nameProvince: nameProvince,
                                                      quarter: quarter, db)
            }
        }
        try db.executeCached("DELETE FROM finding WHERE file_id = ? AND code = 'W_OUTLIER'", arguments: [fileID])
        try FindingStore.append(fileID: fileID, outliers.map(StoredFinding.init), db)
        let warnings = try db.cachedStatement(sql: "SELECT COUNT(*) FROM finding WHERE file_id = ? AND severity = 'warning'")
        file.warnings = try Int.fetchOne(warnings, arguments: [fileID]) ?? file.warnings
        file.loadedAt = context.clock.timestamp
        try file.update(db)   // throws if the ledger row is gone: no fact may point nowhere
        try PeriodState.markForAggregate([period, String(period.prefix(4))], province: province,
                                         datasets: Set(loads.compactMap { $0?.writer.schema.dataset.rawValue }), db)
        return rows
    }
}
