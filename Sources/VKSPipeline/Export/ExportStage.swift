import Foundation
import GRDB
import VKSModel
import VKSReaders
import VKSWarehouse

/// Stage 5: writes each period's exports to `<out>/<period>/` (SPEC §9, §12).
///
/// Every file is gzipped CSV with a BOM, rows sorted, written beside its final name and renamed in
/// whole; `manifest.json` comes last, so a folder with a manifest is complete. The same warehouse
/// state gives the same bytes.
public struct ExportStage: Stage {
    public let name = "export"
    public static let nationalName = "Toàn quốc"
    static let toolVersion = "0.1.0"

    public init() {}

    public func run(_ context: RunContext) throws -> StageSummary {
        var summary = StageSummary(stage: name)
        let periods: [ReportingPeriod] = try context.warehouse.read { db in
            let known = try PeriodState.allPeriods(db)
            if context.scope.periods != nil { return known.filter(context.scope.includes(period:)) }
            let owed = Set(try PeriodState.periodsNeedingExport(db))
            // A period whose folder lost its manifest (a kill mid-export, a deleted folder) is owed too.
            return known.filter {
                owed.contains($0) || !FileManager.default.fileExists(atPath: manifestPath(context, $0))
            }
        }
        if periods.isEmpty {
            summary.note = "các tệp xuất đã cập nhật"
            return summary
        }
        // Never a file presented as complete that misses figures the warehouse already holds, or that
        // a new or changed definition would give.
        let usable = try AggregateStage.usable(context)
        let stale = try context.warehouse.read { db in
            try Self.staleFigures(periods, db).union(
                AggregatePlan.uncomputed(
                    periods, definitions: usable.definitions,
                    compositeFormat: DTIndexWeights.digestText(context.config.dtIndex), db)
            )
            .sorted()
        }
        if !stale.isEmpty { throw PipelineError.staleFigures(stale) }
        for period in periods {
            let written = try context.warehouse.read { db in
                // By hand, everything is written again; at night, only what changed provinces changed.
                let owed = context.scope.periods == nil ? try PeriodState.provincesToExport(period, db) : nil
                return try export(period: period, changedProvinces: owed, definitions: usable, context: context, db)
            }
            try context.warehouse.write { db in
                if let quarter = period.quarter { try FeedbackWriter.record(written.feedback, quarter: quarter, db) }
                try FindingsExport.record(written.findingParts, period: period, db)
                try PeriodState.exported(period, db)
            }
            summary.files += 1
            summary.rows += written.rows
        }
        return summary
    }

    /// The periods among `periods` whose indicators and tables are not yet computed from what the
    /// warehouse holds: accepted files not loaded yet (`vksict validate` without `normalize`), or
    /// figures owed by aggregate. A closed quarter's figures are frozen, never stale.
    static func staleFigures(_ periods: [ReportingPeriod], _ db: Database) throws -> Set<ReportingPeriod> {
        let closed = try PeriodLock.closedPeriods(db)
        let owed = Set(try PeriodState.periodsNeedingAggregate(db))
        let unloaded = Set(
            try ReportingPeriod.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT period FROM received_file WHERE status = 'accepted' AND loaded_at IS NULL AND period IS NOT NULL
                    """))
        return Set(
            periods.filter { period in
                !closed.contains(period)
                    && (owed.contains(period)
                        || unloaded.contains {
                            $0 == period || (period.covers($0) && !closed.contains($0))
                        })
            })
    }

    private func manifestPath(_ context: RunContext, _ period: ReportingPeriod) -> String {
        context.config.exports + "/\(period)/manifest.json"
    }

    struct WrittenFile {
        let name: String
        let sha256: String
        let rows: Int
        let columns: [String]
    }

    /// What one period's export wrote, and what the warehouse keeps of it for the next night.
    struct PeriodExport {
        let rows: Int
        let feedback: [FeedbackWriter.Written]
        let findingParts: [FindingsExport.Part]
    }

    /// Writes one period's folder. With `owed`, the provinces whose files changed since the last
    /// export, the findings and feedback of the other provinces are taken from that export.
    private func export(
        period: ReportingPeriod, changedProvinces owed: Set<String>?, definitions usable: AggregateStage.Usable,
        context: RunContext, _ db: Database
    ) throws -> PeriodExport {
        let folder = context.config.exports + "/\(period)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        AtomicFile.removeLeftovers(in: folder)
        AtomicFile.removeLeftovers(in: folder + "/feedback")
        // The manifest vouches for the files beside it: take it away before replacing any of them, so
        // a run killed half-way leaves a folder without a manifest (owed, redone next run), never a
        // manifest over mismatched files.
        if FileManager.default.fileExists(atPath: folder + "/manifest.json") {
            try FileManager.default.removeItem(atPath: folder + "/manifest.json")
            try AtomicFile.syncFolder(folder)
        }
        var written: [WrittenFile] = []
        func write(_ name: String, columns: [String], rows: [[ExportCell]]) throws {
            try write(name, columns: columns) { writer in for row in rows { try writer.append(row) } }
        }
        func write(_ name: String, columns: [String], _ fill: (CSVExportWriter) throws -> Void) throws {
            let writer = try CSVExportWriter(path: folder + "/" + name, columns: columns)
            try fill(writer)
            written.append(WrittenFile(name: name, sha256: try writer.commit(), rows: writer.rows, columns: columns))
        }

        try write(
            "indicators.csv.gz", columns: ["period", "province_code", "province_name", "indicator", "value"],
            rows: try indicatorRows(period, context, db))
        try write(
            "indicators_detail.csv.gz", columns: IndicatorDetail.columns,
            rows: try IndicatorDetail.rows(period: period, definitions: usable.catalog.definitions, db).map(
                \.exportCells))
        try write(
            "indicator_catalog.csv.gz", columns: IndicatorDefinition.catalogColumns,
            rows: usable.catalog.definitions.map(\.catalogCells))
        for name in usable.tableNames {
            // The rows aggregate stored, by whichever version of the SQL: a closed quarter keeps its
            // figures, and a table that failed or whose file is wrong keeps its last rows until fixed.
            if let stored = try TableStore.stored(name, period: period, db) {
                try write(name + ".csv.gz", columns: stored.columns) { writer in
                    try TableStore.forEachLine(name, period: period, db, writer.appendLine)
                }
            } else if let table = usable.tables.first(where: { $0.name == name }) {
                // Never stored (a quarter closed before tables were stored): the SQL itself, over
                // `main`'s views (export reads in a read transaction).
                // A table that fails here was named by aggregate: the other files go out.
                if let result = try? TableResult.run(table, period: period, snapshot: false, db) {
                    try write(table.name + ".csv.gz", columns: result.columns) { writer in
                        for row in result.rows { try writer.appendLine(row.line) }
                    }
                }
            }
        }
        let quarters = try quartersOf(period, db)
        try write(
            "completeness.csv.gz",
            columns: ["period", "province_code", "province_name", "dataset", "state", "on_time"],
            rows: try ReturnStatus.matrix(
                quarters: quarters, province: nil, reference: context.reference,
                asClosed: true, db
            )
            .map(\.exportCells))
        let findings = try FindingsExport.write(period: period, quarters: quarters, provinces: owed, folder: folder, db)
        written.append(
            WrittenFile(
                name: FindingsExport.name, sha256: findings.sha256, rows: findings.rows,
                columns: FindingRow.columns))
        var incomplete: [String] = []
        var feedback: [FeedbackWriter.Written] = []
        if period.quarter == nil {
            let coverage = try YearCoverage.rows(year: period.calendarYear, reference: context.reference, db)
            try write("coverage.csv.gz", columns: YearCoverage.columns, rows: coverage.map(\.exportCells))
            try write(
                QuarterlyIndicators.name, columns: QuarterlyIndicators.columns,
                rows: try QuarterlyIndicators.rows(
                    year: period.calendarYear, definitions: usable.catalog.definitions, db))
            incomplete = Array(Set(coverage.filter { !$0.complete }.map(\.provinceCode))).sorted()
        } else if let quarter = period.quarter {
            feedback = try FeedbackWriter(context: context).write(quarter: quarter, folder: folder, provinces: owed, db)
            for feedback in feedback {
                written.append(
                    WrittenFile(
                        name: feedback.name, sha256: feedback.sha256, rows: feedback.rows,
                        columns: ["dong", "ma_loi", "noi_dung_loi"]))
            }
        }
        if context.config.report {
            let sha = try ReportWriter.write(
                period: period, to: folder + "/report.html", reference: context.reference,
                indicators: usable.catalog.definitions, db)
            written.append(WrittenFile(name: "report.html", sha256: sha, rows: 0, columns: []))
        } else if FileManager.default.fileExists(atPath: folder + "/report.html") {
            try FileManager.default.removeItem(atPath: folder + "/report.html")  // not vouched for by the manifest
        }
        let workbook = PeriodWorkbook(period: period, asOf: try Self.lastArrival(quarters, db))
        let sheets = PeriodWorkbook.sheets(of: written.map(\.name), tables: usable.tables)
        written.append(
            WrittenFile(
                name: PeriodWorkbook.name(period), sha256: try workbook.write(sheets, in: folder), rows: 0,
                columns: []))
        let zip = PeriodZip.name(period)
        written.append(
            WrittenFile(
                name: zip, sha256: try PeriodZip.write(zip, of: written.map(\.name), in: folder), rows: 0, columns: []))
        try writeManifest(
            period: period, folder: folder, files: written, quarters: quarters, incomplete: incomplete, db)
        return PeriodExport(rows: written.reduce(0) { $0 + $1.rows }, feedback: feedback, findingParts: findings.parts)
    }

    /// When the last file the period's figures count arrived: the "as of" of its workbook and report.
    static func lastArrival(_ quarters: [Period], _ db: Database) throws -> String? {
        try String.fetchOne(
            db,
            sql: """
                SELECT max(r.arrived_at) FROM file_return fr JOIN received_file r ON r.id = fr.file_id
                WHERE fr.is_current = 1 AND r.period IN (SELECT value FROM json_each(?))
                """, arguments: [JSON.array(quarters.map(\.description))])
    }

    private func quartersOf(_ period: ReportingPeriod, _ db: Database) throws -> [Period] {
        if let quarter = period.quarter { return [quarter] }
        return try Period.fetchAll(
            db,
            sql: """
                SELECT DISTINCT period FROM received_file WHERE substr(period, 1, 4) = ? ORDER BY period
                """, arguments: [period])
    }

    private func indicatorRows(_ period: ReportingPeriod, _ context: RunContext, _ db: Database) throws
        -> [[ExportCell]]
    {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT v.province_code, COALESCE(p.name, ?) AS province_name, v.indicator, v.value
                FROM indicator_value v LEFT JOIN province p ON p.code = v.province_code
                WHERE v.period = ?
                ORDER BY v.province_code, v.indicator
                """, arguments: [Self.nationalName, period])
        return rows.map { row in
            let value: Double? = row["value"]
            return [
                .text(period.description), .text(row["province_code"]), .text(row["province_name"]),
                .text(row["indicator"]),
                value.map { .number(Self.format($0)) } ?? .empty,
            ]
        }
    }

    private func writeManifest(
        period: ReportingPeriod, folder: String, files: [WrittenFile], quarters: [Period],
        incomplete: [String], _ db: Database
    ) throws {
        // Inputs: the current files counted in this period, and the run that last loaded one of them.
        let inputs = try Row.fetchAll(
            db,
            sql: """
                SELECT r.name, r.sha256, fr.dataset, r.province_code, r.run_id
                FROM file_return fr JOIN received_file r ON r.id = fr.file_id
                WHERE fr.is_current = 1 AND r.period IN (SELECT value FROM json_each(?))
                ORDER BY r.province_code, fr.dataset, r.name
                """, arguments: [JSON.array(quarters.map(\.description))])
        let runID = inputs.compactMap { $0["run_id"] as String? }.max() ?? ""
        var json = "{\n"
        json += "  \"period\": \(JSON.string(period.description)),\n"
        json += "  \"run_id\": \(JSON.string(runID)),\n"
        if !period.isQuarter {
            // A year's figures are final only when every province sent every quarter (coverage.csv.gz).
            json += "  \"complete\": \(incomplete.isEmpty),\n"
            json += "  \"incomplete_provinces\": \(JSON.array(incomplete)),\n"
        }
        json += "  \"tool\": \"vksict\",\n  \"version\": \(JSON.string(Self.toolVersion)),\n"
        json +=
            "  \"files\": [\n"
            + files.map { file in
                "    {\"name\": \(JSON.string(file.name)), \"sha256\": \(JSON.string(file.sha256)), "
                    + "\"rows\": \(file.rows), \"columns\": \(JSON.array(file.columns))}"
            }.joined(separator: ",\n") + "\n  ],\n"
        json +=
            "  \"inputs\": [\n"
            + inputs.map { row in
                "    {\"file\": \(JSON.string(row["name"])), \"sha256\": \(JSON.string(row["sha256"])), "
                    + "\"dataset\": \(JSON.string(row["dataset"] ?? "")), \"province_code\": \(JSON.string(row["province_code"] ?? ""))}"
            }.joined(separator: ",\n") + (inputs.isEmpty ? "" : "\n") + "  ]\n}\n"
        let manifest = try AtomicFile(path: folder + "/manifest.json")
        try manifest.write(json)
        try manifest.commit()
    }

    /// `.` as decimal mark, at most 6 decimals, no trailing zeros (SPEC §12).
    static func format(_ value: Double) -> String {
        var text = String(format: "%.6f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }
}

extension ExportCell {
    init(_ value: DatabaseValue) {
        switch value.storage {
        case .null: self = .empty
        case .int64(let n): self = .number(String(n))
        case .double(let d): self = .number(ExportStage.format(d))
        case .string(let s): self = .text(s)
        case .blob: self = .empty
        }
    }
}

extension ReturnStatus {
    var exportCells: [ExportCell] {
        [
            .text(period.description), .text(provinceCode), .text(provinceName), .text(dataset.rawValue),
            .text(state.rawValue),
            onTime.map { .number($0 ? "1" : "0") } ?? .empty,
        ]
    }
}
