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

    /// The open periods whose `indicators_detail` looks back at one of `changed`: the period after it
    /// and the same period a year later (SPEC §9: the change against the period before and a year
    /// earlier). A closed quarter's export stays as it was.
    static func lookingBack(at changed: Set<ReportingPeriod>, _ db: Database) throws -> Set<ReportingPeriod> {
        guard !changed.isEmpty else { return [] }
        let closed = try PeriodLock.closedPeriods(db)
        return Set(
            try PeriodState.allPeriods(db).filter { period in
                !closed.contains(period)
                    && [period.previous, period.yearEarlier].contains { $0.map(changed.contains) ?? false }
            })
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
        let parts = Mutex<[String: Result<[IndicatorParts.Part], Failure>]>([:])
        let tableResults = Mutex<[Int: Result<TableResult, Failure>]>([:])
        if let path = context.warehouse.path {
            try InOrderParallel.forEach(
                independent.count + tableJobs.count,
                work: { index in
                    let connection = try Warehouse.readOnly(path: path)
                    // Not `read`: that forbids even the TEMP views of `ScopeNarrowing.scope`; the file is
                    // opened read-only all the same.
                    return connection.inDatabase { db -> Job in
                        index < independent.count
                            ? .parts(
                                Result { try IndicatorParts.parts(of: independent[index], db) }.mapError(Failure.init))
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
                        var computed =
                            try parts.withLock { $0[job.definition.id] }?.get() ?? IndicatorParts.parts(of: job, db)
                        if computed.contains(where: {
                            $0.province == Self.nationalCode && job.partial.contains($0.period)
                        }) {
                            // It computes the nation itself, which the changed provinces alone cannot give.
                            job = job.forEveryProvince
                            computed = try IndicatorParts.parts(of: job, db)
                        }
                        summary.rows += try IndicatorStore.store(
                            computed, of: job, work: work, provinces: provinces, db)
                        return .commit
                    }
                    computedPeriods.formUnion(job.whole + job.partial)
                } catch {
                    failed.append(
                        ConfigurationProblem(
                            file: job.definition.file, key: nil,
                            message: "lỗi khi tính: " + AggregatePlan.databaseMessage(error)))
                    // Computed again, whole, by the next run; its last values stay meanwhile.
                    try IndicatorStore.forget(job.definition.id, periods: job.whole + job.partial, db)
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
            // The periods whose detail export tells the change against these ones: their figures files.
            try PeriodState.markFiguresForExport(
                try Self.lookingBack(at: computedPeriods.union(work.map(\.period)), db), db)
            // What was left out is computed whole by the run after it is fixed, even if it is fixed by
            // putting back the very text whose figures are stored.
            for id in usable.leftOutIndicators { try IndicatorStore.forget(id, periods: work.map(\.period), db) }
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

    /// What one parallel job computed: a definition's parts or a table's rows for a period.
    enum Job: Sendable {
        case parts(Result<[IndicatorParts.Part], Failure>)
        case table(Result<TableResult, Failure>)
    }

}
