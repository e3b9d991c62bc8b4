import GRDB
import VKSModel
import VKSWarehouse

/// One accepted file going into the warehouse, inside the caller's transaction: its rows into the
/// fact tables as they come, then, after the last, its returns made current (superseding the
/// earlier version), their sums, its W_OUTLIER findings and its ledger row.
///
/// `normalize` feeds it the rows it reads again; `validate` in `vksict run` feeds it the rows as it
/// checks them, so that a night reads each file once.
struct FileLoad {
    private let fileID: Int64
    private let period: Period
    private let province: String
    private let nameProvince: String
    /// One writer per dataset the file holds (one for CSV, up to four for XML), by `Dataset.ordinal`.
    private var loads = [ReturnLoad?](repeating: nil, count: Dataset.allCases.count)

    /// Starts loading `file`, replacing whatever facts, totals and rollups a former load of it left.
    init(_ file: ReceivedFile, _ db: Database) throws {
        guard let period = file.period, let province = file.provinceCode, let nameProvince = file.nameProvinceCode,
            let fileID = file.id
        else { throw PipelineError.internalFailure("accepted file \(file.name) lacks its return identity") }
        self.fileID = fileID
        self.period = period
        self.province = province
        self.nameProvince = nameProvince
        for dataset in Dataset.allCases {
            try db.executeCached("DELETE FROM \(dataset.rawValue)_fact WHERE file_id = ?", arguments: [fileID])
        }
        for definition in RollupDefinition.all {
            try db.executeCached("DELETE FROM \(definition.table) WHERE file_id = ?", arguments: [fileID])
        }
        try db.executeCached("DELETE FROM return_total WHERE file_id = ?", arguments: [fileID])
    }

    mutating func insert(_ row: CheckedRow, _ db: Database) throws {
        let slot = row.dataset.ordinal
        if loads[slot] == nil {
            loads[slot] = ReturnLoad(
                writer: try FactWriter(
                    schema: row.dataset.schema, fileID: fileID,
                    quarter: period, provinceCode: province, db: db))
        }
        try loads[slot]!.insert(row)
    }

    /// Writes the rows the writers still hold; before `complete`.
    func flush() throws {
        for load in loads.compactMap({ $0 }) { try load.finish() }
    }

    /// After `flush`: makes the file's returns current, stores their `sums` and its W_OUTLIER
    /// findings, and marks it loaded at `timestamp`. Returns the rows loaded.
    func complete(
        _ file: inout ReceivedFile, sums: FileSums, plausibility: PlausibilityCheck, timestamp: String,
        _ db: Database
    ) throws -> Int {
        var rows = 0
        var outliers: [Finding] = []
        for load in loads.compactMap({ $0 }) {
            let dataset = load.writer.schema.dataset
            try ReturnStore.makeCurrent(
                fileID: fileID, dataset: dataset, rowsLoaded: load.rows,
                nameProvinceCode: nameProvince, period: period, db)
            guard let sums = sums.of(dataset) else {
                throw PipelineError.internalFailure(
                    "\(dataset.rawValue) rows of file \(fileID) loaded without their sums")
            }
            try sums.store(fileID: fileID, db)
            rows += load.rows
            outliers += try plausibility.findings(
                dataset: dataset, province: province, nameProvince: nameProvince, quarter: period, db)
        }
        try db.executeCached("DELETE FROM finding WHERE file_id = ? AND code = 'W_OUTLIER'", arguments: [fileID])
        try FindingStore.append(fileID: fileID, outliers, db)
        let warnings = try db.cachedStatement(
            sql: "SELECT COUNT(*) FROM finding WHERE file_id = ? AND severity = 'warning'")
        file.warnings = try Int.fetchOne(warnings, arguments: [fileID]) ?? file.warnings
        file.loadedAt = timestamp
        try file.update(db)  // throws if the ledger row is gone: no fact may point nowhere
        try PeriodState.markForAggregate(
            period.reporting.withItsYear, province: province,
            datasets: Set(loads.compactMap { $0?.writer.schema.dataset }), db)
        return rows
    }
}
