import Foundation
import GRDB
import Synchronization
import VKSModel
import VKSWarehouse

/// Stage 4: computes every indicator and export table for the periods whose facts changed (or those
/// asked for), and every new or changed definition for every open period (`AggregatePlan`).
///
/// Each definition returns numerator and denominator per province; this stage divides, fills in
/// the provinces without data (NULL), and adds the national row `00` as the ratio of the pooled sums
/// unless the definition computes it itself (I14, a composite, does). Composites (`reads:
/// indicators`) run after the others are stored.
///
/// A period that only some provinces' new files touched is recomputed for those provinces: their
/// rows of each indicator and table are replaced and the national rows pooled again from all the
/// provinces' stored rows; a definition or table that reads none of the datasets that changed is
/// left as it is. A composite and a table that is not per province are still computed for every
/// province; they are cheap or rare. A definition that cannot run is named (`StageSummary.problems`)
/// and the others are computed.
public struct AggregateStage: Stage {
    public let name = "aggregate"
    public static let nationalCode = "00"

    public init() {}

    typealias DefinitionJob = AggregatePlan.DefinitionJob
    typealias TableJob = AggregatePlan.TableJob

    /// The definitions and tables that can run, what is wrong with the others, and the ids and names
    /// of those left out (they keep their last values until fixed).
    struct Usable {
        /// Every definition whose header reads, for what people see (titles, units).
        var catalog: IndicatorCatalog
        /// Every table file's name, usable or not: its stored rows are exported either way.
        var tableNames: [String]
        var definitions: [IndicatorDefinition]
        var tables: [TableDefinition]
        var problems: [ConfigurationProblem]
        var leftOutIndicators: Set<String>
        var leftOutTables: Set<String>
    }

    static func usable(_ context: RunContext) throws -> Usable {
        let catalog = try IndicatorCatalog.load(from: context.config.indicators)
        let loadedTables = try TableDefinition.load(from: context.config.tables)
        var (definitions, tables, problems) = try context.warehouse.read { db in
            AggregatePlan.runnable(catalog.definitions, loadedTables.tables, db)
        }
        // Composites read the dt_index weights: a component with no file is a problem of the pipeline
        // file; one whose file is left out is named on its own. Either way the composites wait.
        let indexProblems = context.config.dtIndex.problems(known: catalog.fileIDs, file: context.config.file)
        let runnable = Set(definitions.map(\.id))
        if context.config.dtIndex.components.contains(where: { !runnable.contains($0.indicator) }) {
            definitions.removeAll(where: \.isComposite)
        }
        return Usable(
            catalog: catalog, tableNames: loadedTables.names, definitions: definitions, tables: tables,
            problems: catalog.problems + loadedTables.problems + problems + indexProblems,
            leftOutIndicators: catalog.fileIDs.subtracting(definitions.map(\.id)),
            leftOutTables: Set(loadedTables.names).subtracting(tables.map(\.name)))
    }

    public func run(_ context: RunContext) throws -> StageSummary {
        var summary = StageSummary(stage: name)
        let usable = try Self.usable(context)
        summary.problems = usable.problems
        let plan = try context.warehouse.read { db in
            try AggregatePlan(
                definitions: usable.definitions, tables: usable.tables,
                compositeFormat: DTIndexWeights.digestText(context.config.dtIndex), byHand: context.scope.periods, db)
        }
        guard !plan.isEmpty else {
            summary.note = "không có kỳ nào cần tính lại"
            return summary
        }
        let work = plan.work
        let definitionJobs = plan.definitionJobs
        let tableJobs = plan.tableJobs
        try context.warehouse.write { db in try DTIndexWeights.store(context.config.dtIndex, db) }

        // Definitions and tables over the facts alone run first, one per core, each on its own
        // read-only connection (facts and the dt_index weights are committed by now); composites run
        // in turn below, after the definitions before them are stored. A definition or table that
        // fails is named with the database's message; the others are computed and stored.
        let independent = definitionJobs.filter { !$0.isComposite }
        let parts = Mutex<[String: Result<[Part], Failure>]>([:])
        let tableResults = Mutex<[Int: Result<TableResult, Failure>]>([:])
        if let path = context.warehouse.path {
            try InOrderParallel.forEach(
                independent.count + tableJobs.count,
                work: { index in
                    let connection = try Warehouse.readOnly(path: path)
                    // Not `read`: that forbids even the TEMP views of `narrowingScope`; the file is
                    // opened read-only all the same.
                    return connection.inDatabase { db -> Job in
                        index < independent.count
                            ? .parts(Result { try Self.parts(of: independent[index], db) }.mapError(Failure.init))
                            : .table(
                                Result { try TableResult.run(tableJobs[index - independent.count], db) }.mapError(
                                    Failure.init))
                    }
                },
                deliver: { index, job in
                    switch job {
                    case .parts(let result): parts.withLock { $0[independent[index].definition.id] = result }
                    case .table(let result): tableResults.withLock { $0[index - independent.count] = result }
                    }
                })
        }

        var failed: [ConfigurationProblem] = []
        var computedPeriods = Set(work.map(\.period))
        try context.warehouse.write { db in
            let provinces = context.reference.provinces.map(\.code)
            for var job in definitionJobs {
                do {
                    try db.inSavepoint {
                        var computed = try parts.withLock { $0[job.definition.id] }?.get() ?? Self.parts(of: job, db)
                        if computed.contains(where: {
                            $0.province == Self.nationalCode && job.partial.contains($0.period)
                        }) {
                            // It computes the nation itself, which the changed provinces alone cannot give.
                            job = job.forEveryProvince
                            computed = try Self.parts(of: job, db)
                        }
                        summary.rows += try Self.store(computed, of: job, work: work, provinces: provinces, db)
                        return .commit
                    }
                    computedPeriods.formUnion(job.whole + job.partial)
                } catch {
                    failed.append(
                        ConfigurationProblem(
                            file: job.definition.file, key: nil,
                            message: "lỗi khi tính: " + AggregatePlan.databaseMessage(error)))
                    // Computed again, whole, by the next run; its last values stay meanwhile.
                    try Self.forget(job.definition.id, periods: job.whole + job.partial, db)
                }
            }
            for (index, job) in tableJobs.enumerated() {
                do {
                    try db.inSavepoint {
                        let result = try tableResults.withLock { $0[index] }?.get() ?? TableResult.run(job, db)
                        try TableStore.store(result, of: job, db)
                        return .commit
                    }
                    computedPeriods.insert(job.period)
                } catch {
                    if !failed.contains(where: { $0.file == job.table.file }) {
                        failed.append(
                            ConfigurationProblem(
                                file: job.table.file, key: nil,
                                message: "lỗi khi tính: " + AggregatePlan.databaseMessage(error)))
                    }
                    try TableStore.forget(job.table.name, period: job.period, db)
                }
            }
            for item in work {
                try PeriodState.aggregated(item.period, db)
                // What changed for some provinces is already owed to export for them; the rest, whole.
                if item.provinces == nil { try PeriodState.markForExport([item.period], db) }
            }
            // Periods computed only because a definition or table is new or changed: exported whole.
            let restated = computedPeriods.subtracting(work.map(\.period))
            if !restated.isEmpty { try PeriodState.markForExport(restated, db) }
            // What was left out is computed whole by the run after it is fixed, even if it is fixed by
            // putting back the very text whose figures are stored.
            for id in usable.leftOutIndicators { try Self.forget(id, periods: work.map(\.period), db) }
            for item in work {
                for table in usable.leftOutTables { try TableStore.forget(table, period: item.period, db) }
            }
            summary.files = plan.periods.count
        }
        summary.problems += failed
        return summary
    }

    /// A failure of one definition or table, carried from a reading thread.
    struct Failure: Error, Sendable {
        let message: String
        init(_ error: any Error) { message = AggregatePlan.databaseMessage(error) }
    }

    /// Makes the next run compute a definition again for every province of `periods`.
    private static func forget(_ indicator: String, periods: [ReportingPeriod], _ db: Database) throws {
        for period in periods {
            try db.execute(
                sql: "INSERT OR REPLACE INTO aggregate_definition (period, indicator, sql_sha256) VALUES (?, ?, '')",
                arguments: [period, indicator])
        }
    }

    /// What one parallel job computed: a definition's parts or a table's rows for a period.
    enum Job: Sendable {
        case parts(Result<[Part], Failure>)
        case table(Result<TableResult, Failure>)
    }

    /// Stores a definition's values for its periods; returns the number of rows stored.
    private static func store(
        _ parts: [Part], of job: DefinitionJob, work: [AggregatePlan.Work], provinces: [String],
        _ db: Database
    ) throws -> Int {
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO indicator_value (period, province_code, indicator, name, numerator, denominator, value)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
        let id = job.definition.id
        var byPeriod: [ReportingPeriod: [String: (Double?, Double?)]] = [:]
        for part in parts { byPeriod[part.period, default: [:]][part.province] = (part.numerator, part.denominator) }
        let owed = Dictionary(uniqueKeysWithValues: work.map { ($0.period, $0.provinces) })
        var stored = 0
        for (period, only) in job.whole.map({ ($0, Set<String>?.none) }) + job.partial.map({ ($0, owed[$0]!) }) {
            var byProvince = byPeriod[period] ?? [:]
            let national = byProvince.removeValue(forKey: nationalCode)
            if only == nil {
                // Rows of a province the reference no longer lists go too.
                try db.execute(
                    sql: "DELETE FROM indicator_value WHERE period = ? AND indicator = ?", arguments: [period, id])
            }
            for province in provinces + [nationalCode]
            where only?.contains(province) ?? true || province == nationalCode {
                let (numerator, denominator) =
                    province == nationalCode
                    ? try national ?? pooled(id, period: period, db)
                    : byProvince[province] ?? (nil, nil)
                if only != nil {
                    try db.executeCached(
                        "DELETE FROM indicator_value WHERE period = ? AND indicator = ? AND province_code = ?",
                        arguments: [period, id, province])
                }
                try insert.execute(arguments: [
                    period, province, id, job.definition.name, numerator, denominator,
                    ratio(numerator, denominator),
                ])
                stored += 1
            }
            try db.executeCached(
                "INSERT OR REPLACE INTO aggregate_definition (period, indicator, sql_sha256) VALUES (?, ?, ?)",
                arguments: [period, id, job.digest])
        }
        return stored
    }

    /// One row of a definition's result: a province's numerator and denominator for a period.
    struct Part: Sendable {
        let period: ReportingPeriod
        let province: String
        let numerator: Double?
        let denominator: Double?
    }

    /// A definition's rows for its periods: all provinces of the whole ones, and its provinces of the partial ones.
    static func parts(of job: DefinitionJob, _ db: Database) throws -> [Part] {
        try parts(of: job.definition, periods: job.whole, db)
            + parts(of: job.definition, periods: job.partial, provinces: job.provinces, db)
    }

    static func parts(
        of definition: IndicatorDefinition, periods: [ReportingPeriod], provinces: Set<String>? = nil,
        _ db: Database
    ) throws -> [Part] {
        guard !periods.isEmpty else { return [] }
        let narrowed = only(periods: periods, provinces: provinces, of: definition.sql)
        return try narrowingScope(periods: periods, provinces: provinces, db) {
            try Row.fetchAll(db, sql: narrowed.sql, arguments: narrowed.arguments)
        }.compactMap { row in
            guard let period: ReportingPeriod = row["period"], let province: String = row["province_code"] else {
                return nil
            }
            return Part(
                period: period, province: province, numerator: row["numerator"], denominator: row["denominator"])
        }
    }

    /// `sql` narrowed to `periods` (and `provinces`, when given) inside SQLite. They are lists of
    /// placeholders, not `json_each` subqueries: SQLite pushes such a list down to the files of those
    /// periods and provinces (and, with the statistics `normalize` leaves, starts there), so the work
    /// follows what changed, not the history in the warehouse. Measured on 1M facts: a quarter's
    /// spending table 3.9 s → 0.3 s.
    static func only(
        periods: [ReportingPeriod], provinces: Set<String>? = nil,
        of sql: String
    ) -> (sql: String, arguments: StatementArguments) {
        func placeholders(_ count: Int) -> String { Array(repeating: "?", count: count).joined(separator: ", ") }
        var narrowed = "SELECT * FROM (\n\(sql)\n) WHERE period IN (\(placeholders(periods.count)))"
        var arguments: [any DatabaseValueConvertible] = periods
        if let provinces {
            narrowed += " AND province_code IN (\(placeholders(provinces.count)))"
            arguments += provinces.sorted() as [any DatabaseValueConvertible]
        }
        return (narrowed, StatementArguments(arguments))
    }

    /// Runs `body` with the `<dataset>_in_scope` views read through a keyed snapshot of the returns
    /// in scope (`ScopeSnapshot.install`), showing only `provinces` in `periods` when `provinces`
    /// is given: the outer filter of `only` cannot reach into a definition's own subqueries (I08
    /// joins two), and one province's figures should not cost a pass over every province's facts.
    /// `snapshot: false` keeps `main`'s views for every province, on a connection that may not even
    /// create TEMP tables (a read transaction); the rows are the same.
    static func narrowingScope<T>(
        periods: [ReportingPeriod], provinces: Set<String>?, snapshot: Bool = true, _ db: Database,
        _ body: () throws -> T
    ) throws -> T {
        guard snapshot || provinces != nil else { return try body() }
        defer { try? ScopeSnapshot.remove(db) }  // and again before the next use, if this failed
        try ScopeSnapshot.install(periods: periods, provinces: provinces, db)
        return try body()
    }

    /// The national numerator and denominator: SQL's SUM over every row the definition selected,
    /// all provinces pooled, read back from the province rows just stored (so a night that
    /// recomputed one province pools the same way as one that recomputed all), in province order
    /// (so the floating-point sum is the same every time). A province whose column was all blank
    /// (a NULL sum) adds nothing to that side while still counting on the other.
    static func pooled(_ definition: String, period: ReportingPeriod, _ db: Database) throws -> (Double?, Double?) {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT numerator, denominator FROM indicator_value
                WHERE period = ? AND indicator = ? AND province_code <> ? ORDER BY province_code
                """, arguments: [period, definition, nationalCode])
        func sum(_ values: [Double?]) -> Double? {
            let present = values.compactMap { $0 }
            return present.isEmpty ? nil : present.reduce(0, +)
        }
        return (sum(rows.map { $0[0] }), sum(rows.map { $0[1] }))
    }

    /// Division by zero (or by nothing) is NULL, never 0 or NaN.
    static func ratio(_ numerator: Double?, _ denominator: Double?) -> Double? {
        guard let numerator, let denominator, denominator != 0 else { return nil }
        return numerator / denominator
    }
}

/// The components of I14 dt_index, copied from the pipeline file for its SQL to read.
enum DTIndexWeights {
    /// The weights as text, part of a composite's digest: changed weights recompute it in every open period.
    static func digestText(_ index: DTIndexConfig) -> String {
        index.components.map { "\($0.indicator)=\($0.weight)\($0.lowerIsBetter ? "-" : "+")" }.joined(separator: ";")
            + "\n"
    }

    static func store(_ index: DTIndexConfig, _ db: Database) throws {
        try db.execute(sql: "DELETE FROM dt_index_weight")
        for component in index.components {
            try db.execute(
                sql: "INSERT INTO dt_index_weight (component, weight, direction) VALUES (?, ?, ?)",
                arguments: [
                    component.indicator, component.weight,
                    component.lowerIsBetter ? "lower_is_better" : "higher_is_better",
                ])
        }
    }
}
