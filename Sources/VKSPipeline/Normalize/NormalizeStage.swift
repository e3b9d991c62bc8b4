import Foundation
import GRDB
import VKSReaders
import VKSWarehouse

/// Stage 3: loads the rows of accepted files into the fact tables, normalised, one transaction per
/// file, and makes each file the current version of its return (superseding the earlier one).
///
/// The archived file is read again through the same checker as `validate`, so exactly the rows
/// that passed are loaded (all of them under `reject_file`, the good ones under `quarantine_rows`).
public struct NormalizeStage: Stage {
    public let name = "normalize"

    public init() {}

    public func run(_ context: RunContext) throws -> StageSummary {
        var summary = StageSummary(stage: name)
        let files = try context.warehouse.read { db in
            try Ledger.files(status: .accepted, periods: context.scope.periods, province: context.scope.province, db)
                .filter { $0.loadedAt == nil }
        }
        let checker = FileChecker(reference: context.reference,
                                  options: context.config.checkOptions(today: context.clock.today))
        let archive = Archive(folder: context.config.archive)
        for var file in files {
            guard let dataset = file.dataset.flatMap(Dataset.init(rawValue:)), let period = file.period,
                  let province = file.provinceCode, let fileID = file.id
            else { throw PipelineError.internalFailure("accepted file \(file.name) lacks its return identity") }
            let path = archive.path(of: file.sha256)
            var loaded = 0
            try context.warehouse.write { db in
                try db.execute(sql: "DELETE FROM \(dataset.rawValue)_fact WHERE file_id = ?", arguments: [fileID])
                let writer = try FactWriter(schema: dataset.schema, fileID: fileID, quarter: period,
                                            provinceCode: province, db: db)
                _ = try checker.check(deliveredName: file.name, open: { try FileByteSource(path: path) }) { row in
                    try writer.insert(row)
                    loaded += 1
                }
                try makeCurrent(&file, db)
                file.loadedAt = context.clock.timestamp
                try file.update(db)
                try PeriodState.markForAggregate([period, String(period.prefix(4))], db)
            }
            summary.files += 1
            summary.rows += loaded
        }
        if files.isEmpty { summary.note = "không có tệp mới để nạp" }
        return summary
    }

    /// A newer accepted file for the same return (province as named, quarter, dataset) supersedes
    /// the current one; an older one arriving late in the queue stays in history only.
    private func makeCurrent(_ file: inout ReceivedFile, _ db: Database) throws {
        guard let nameProvince = file.nameProvinceCode, let period = file.period, let dataset = file.dataset else { return }
        if var current = try Ledger.currentFile(nameProvinceCode: nameProvince, period: period, dataset: dataset, db) {
            guard current.id! < file.id! else { return }
            current.isCurrent = false
            try current.update(db)
            file.supersedes = current.id
        }
        file.isCurrent = true
    }
}
