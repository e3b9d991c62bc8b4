import Foundation
import GRDB
import Synchronization
import VKSWarehouse

/// Stage 4: computes every indicator and export table for the periods whose facts changed (or those
/// asked for).
///
/// Each definition returns numerator and denominator per province; this stage divides, fills in
/// the provinces without data (NULL), and adds the national row `00` as the ratio of the pooled sums
/// unless the definition computes it itself (I14, a composite, does). Definitions run in file order
/// and each is stored before the next runs, so a composite can read the indicators before it.
///
/// A period that only some provinces' new files touched is recomputed for those provinces: their
/// rows of each indicator and table are replaced and the national rows pooled again from all the
/// provinces' stored rows; a definition or table that reads none of the datasets that changed is
/// left as it is. A composite (reading `indicator_value`) and a table that is not per province are
/// still computed for every province; they are cheap or rare.
public struct AggregateStage: Stage {
    public let name = "aggregate"
    public static let nationalCode = "00"

    public init() {}

    /// A period to compute, for which provinces (nil: all of them) and because of which datasets
    /// (nil: any).
    struct Work: Sendable {
        let period: String
        let provinces: Set<String>?
        let datasets: Set<String>?

        /// Whether SQL reading `datasets` (nil: anything) has to run again for this period.
        func affects(_ reads: Set<String>?) -> Bool {
            guard provinces != nil, let datasets, let reads else { return true }
            return !reads.isDisjoint(with: datasets)
        }
    }

    /// An indicator definition's periods: those computed for every province, and those computed for
    /// `provinces` only (plus the nation, for a definition that computes its own).
    struct DefinitionJob: Sendable {
        let definition: IndicatorDefinition
        let whole: [String]
        let partial: [String]
        let provinces: Set<String>
        /// It reads `indicator_value`: it runs after the others are stored, for every province.
        let isComposite: Bool
        /// `SQLDigest` of the SQL, stored with the values it gave.
        let digest: String

        var forEveryProvince: DefinitionJob {
            DefinitionJob(definition: definition, whole: whole + partial, partial: [], provinces: [], isComposite: isComposite,
                          digest: digest)
        }
    }

    /// A table to compute for a period, for some provinces (or, nil, all).
    struct TableJob: Sendable {
        let period: String
        let table: TableDefinition
        let provinces: Set<String>?
    }

    public func run(_ context: RunContext) throws -> StageSummary {
        var summary = StageSummary(stage: name)
        let definitions = try IndicatorCatalog.load(from: context.config.indicators)
        let tables = try TableDefinition.load(from: context.config.tables)
        let work = try context.warehouse.read { db in try Self.work(context, db) }
        guard !work.isEmpty else {
            summary.note = "không có kỳ nào cần tính lại"
            return summary
        }
        let definitionJobs = try context.warehouse.read { db in try Self.jobs(definitions, work, db) }
        let tableJobs = try context.warehouse.read { db in try Self.jobs(tables, work, db) }
        try context.warehouse.write { db in try DTIndexWeights.store(context.config.dtIndex, db) }

        // Definitions and tables over the facts alone run first, one per core, each on its own
        // read-only connection (facts and the dt_index weights are committed by now); composites run
        // in turn below, after the definitions before them are stored.
        let independent = definitionJobs.filter { !$0.isComposite }
        let parts = Mutex<[String: [Part]]>([:])
        let tableResults = Mutex<[Int: TableResult]>([:])
        if let path = context.warehouse.path {
            try InOrderParallel.forEach(independent.count + tableJobs.count, work: { index in
                let connection = try Warehouse.readOnly(path: path)
                // Not `read`: that forbids even the TEMP views of `narrowingScope`; the file is
                // opened read-only all the same.
                return try connection.inDatabase { db -> Job in
                    index < independent.count
                        ? .parts(try Self.parts(of: independent[index], db))
                        : .table(try TableResult.run(tableJobs[index - independent.count], db))
                }
            }, deliver: { index, job in
                switch job {
                case .parts(let result): parts.withLock { $0[independent[index].definition.id] = result }
                case .table(let result): tableResults.withLock { $0[index - independent.count] = result }
                }
            })
        }

        try context.warehouse.write { db in
            let provinces = context.reference.provinces.map(\.code)
            for var job in definitionJobs {
                var computed = try parts.withLock { $0[job.definition.id] } ?? Self.parts(of: job, db)
                if computed.contains(where: { $0.province == Self.nationalCode && job.partial.contains($0.period) }) {
                    // It computes the nation itself, which the changed provinces alone cannot give.
                    job = job.forEveryProvince
                    computed = try Self.parts(of: job, db)
                }
                summary.rows += try Self.store(computed, of: job, work: work, provinces: provinces, db)
            }
            for (index, job) in tableJobs.enumerated() {
                let result = try tableResults.withLock { $0[index] } ?? TableResult.run(job, db)
                try TableStore.store(result, of: job, db)
            }
            for item in work {
                try PeriodState.aggregated(item.period, db)
                // What changed for some provinces is already owed to export for them; the rest, whole.
                if item.provinces == nil { try PeriodState.markForExport([item.period], db) }
            }
            summary.files = work.count
        }
        return summary
    }

    /// The periods owed (or asked for, by hand: then for every province).
    private static func work(_ context: RunContext, _ db: Database) throws -> [Work] {
        let byHand = context.scope.periods != nil
        let asked = byHand
            ? try PeriodState.allPeriods(db).filter(context.scope.includes(period:))
            : try PeriodState.periodsNeedingAggregate(db)
        // A closed quarter's figures are frozen: nothing, not even new reference data, recomputes them.
        let closed = Set(try PeriodLock.closures(db).keys)
        return try asked.filter { !closed.contains($0) }.map { period in
            byHand ? Work(period: period, provinces: nil, datasets: nil)
                : Work(period: period, provinces: try PeriodState.provincesToAggregate(period, db),
                       datasets: try PeriodState.datasetsToAggregate(period, db))
        }
    }

    /// A definition is computed for some provinces only where the periods' values were stored by
    /// the same SQL; an edited or new definition is computed for every province.
    private static func jobs(_ definitions: [IndicatorDefinition], _ work: [Work], _ db: Database) throws -> [DefinitionJob] {
        try definitions.map { definition in
            let digest = SQLDigest.of(definition.sql)
            if definition.sql.contains("indicator_value") {
                return DefinitionJob(definition: definition, whole: work.map(\.period), partial: [], provinces: [],
                                     isComposite: true, digest: digest)
            }
            let stored = try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: """
                SELECT period, sql_sha256 FROM aggregate_definition WHERE indicator = ?
                """, arguments: [definition.id]).map { ($0[0] as String, $0[1] as String) })
            let reads = SQLReads.datasets(definition.sql)
            let whole = work.filter { $0.provinces == nil || stored[$0.period] != digest }
            let partial = work.filter { $0.provinces != nil && stored[$0.period] == digest && $0.affects(reads) }
            return DefinitionJob(definition: definition, whole: whole.map(\.period), partial: partial.map(\.period),
                                 provinces: partial.reduce(into: [nationalCode]) { $0.formUnion($1.provinces!) },
                                 isComposite: false, digest: digest)
        }
    }

    /// A table is recomputed for some provinces only when it is stored per province by the same SQL.
    private static func jobs(_ tables: [TableDefinition], _ work: [Work], _ db: Database) throws -> [TableJob] {
        try work.flatMap { item in
            try tables.compactMap { table in
                let stored = try TableStore.stored(table.name, period: item.period, db)
                let reusable = stored.map { $0.perProvince && $0.sqlSHA256 == table.sqlSHA256 } ?? false
                if reusable && !item.affects(SQLReads.datasets(table.sql)) { return nil }
                return TableJob(period: item.period, table: table, provinces: reusable ? item.provinces : nil)
            }
        }
    }

    /// What one parallel job computed: a definition's parts or a table's rows for a period.
    enum Job: Sendable {
        case parts([Part])
        case table(TableResult)
    }

    /// Stores a definition's values for its periods; returns the number of rows stored.
    private static func store(_ parts: [Part], of job: DefinitionJob, work: [Work], provinces: [String],
                              _ db: Database) throws -> Int {
        let insert = try db.cachedStatement(sql: """
            INSERT INTO indicator_value (period, province_code, indicator, name, numerator, denominator, value)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        let id = job.definition.id
        var byPeriod: [String: [String: (Double?, Double?)]] = [:]
        for part in parts { byPeriod[part.period, default: [:]][part.province] = (part.numerator, part.denominator) }
        let owed = Dictionary(uniqueKeysWithValues: work.map { ($0.period, $0.provinces) })
        var stored = 0
        for (period, only) in job.whole.map({ ($0, Set<String>?.none) }) + job.partial.map({ ($0, owed[$0]!) }) {
            var byProvince = byPeriod[period] ?? [:]
            let national = byProvince.removeValue(forKey: nationalCode)
            if only == nil {
                // Rows of a province the reference no longer lists go too.
                try db.execute(sql: "DELETE FROM indicator_value WHERE period = ? AND indicator = ?", arguments: [period, id])
            }
            for province in provinces + [nationalCode] where only?.contains(province) ?? true || province == nationalCode {
                let (numerator, denominator) = province == nationalCode
                    ? try national ?? pooled(id, period: period, db)
                    : byProvince[province] ?? (nil, nil)
                if only != nil {
                    try db.executeCached("DELETE FROM indicator_value WHERE period = ? AND indicator = ? AND province_code = ?",
                                         arguments: [period, id, province])
                }
                try insert.execute(arguments: [period, province, id, job.definition.name, numerator, denominator,
                                               ratio(numerator, denominator)])
                stored += 1
            }
            try db.executeCached("INSERT OR REPLACE INTO aggregate_definition (period, indicator, sql_sha256) VALUES (?, ?, ?)",
                                 arguments: [period, id, job.digest])
        }
        return stored
    }

    /// One row of a definition's result: a province's numerator and denominator for a period.
    struct Part: Sendable {
        let period: String
        let province: String
        let numerator: Double?
        let denominator: Double?
    }

    /// A definition's rows for its periods: all provinces of the whole ones, and its provinces of the partial ones.
    static func parts(of job: DefinitionJob, _ db: Database) throws -> [Part] {
        try parts(of: job.definition, periods: job.whole, db)
            + parts(of: job.definition, periods: job.partial, provinces: job.provinces, db)
    }

    static func parts(of definition: IndicatorDefinition, periods: [String], provinces: Set<String>? = nil,
                      _ db: Database) throws -> [Part] {
        guard !periods.isEmpty else { return [] }
        let narrowed = only(periods: periods, provinces: provinces, of: definition.sql)
        return try narrowingScope(periods: periods, provinces: provinces, db) {
            try Row.fetchAll(db, sql: narrowed.sql, arguments: narrowed.arguments)
        }.compactMap { row in
            guard let period: String = row["period"], let province: String = row["province_code"] else { return nil }
            return Part(period: period, province: province, numerator: row["numerator"], denominator: row["denominator"])
        }
    }

    /// `sql` narrowed to `periods` (and `provinces`, when given) inside SQLite. They are lists of
    /// placeholders, not `json_each` subqueries: SQLite pushes such a list down to the files of those
    /// periods and provinces (and, with the statistics `normalize` leaves, starts there), so the work
    /// follows what changed, not the history in the warehouse. Measured on 1M facts: a quarter's
    /// spending table 3.9 s → 0.3 s.
    static func only(periods: [String], provinces: Set<String>? = nil,
                     of sql: String) -> (sql: String, arguments: StatementArguments) {
        func placeholders(_ count: Int) -> String { Array(repeating: "?", count: count).joined(separator: ", ") }
        var narrowed = "SELECT * FROM (\n\(sql)\n) WHERE period IN (\(placeholders(periods.count)))"
        var arguments = periods
        if let provinces {
            narrowed += " AND province_code IN (\(placeholders(provinces.count)))"
            arguments += provinces.sorted()
        }
        return (narrowed, StatementArguments(arguments))
    }

    /// Runs `body` with the `<dataset>_in_scope` views read through a keyed snapshot of the returns
    /// in scope (`Schema.shadowScopeViews`), showing only `provinces` in `periods` when `provinces`
    /// is given: the outer filter of `only` cannot reach into a definition's own subqueries (I08
    /// joins two), and one province's figures should not cost a pass over every province's facts.
    /// `snapshot: false` keeps `main`'s views for every province, on a connection that may not even
    /// create TEMP tables (a read transaction); the rows are the same.
    static func narrowingScope<T>(periods: [String], provinces: Set<String>?, snapshot: Bool = true, _ db: Database,
                                  _ body: () throws -> T) throws -> T {
        guard snapshot || provinces != nil else { return try body() }
        defer { try? Schema.dropShadowScopeViews(db) }   // and again before the next use, if this failed
        try Schema.shadowScopeViews(periods: periods, provinces: provinces, db)
        return try body()
    }

    /// The national numerator and denominator: SQL's SUM over every row the definition selected,
    /// all provinces pooled, read back from the province rows just stored (so a night that
    /// recomputed one province pools the same way as one that recomputed all), in province order
    /// (so the floating-point sum is the same every time). A province whose column was all blank
    /// (a NULL sum) adds nothing to that side while still counting on the other.
    static func pooled(_ definition: String, period: String, _ db: Database) throws -> (Double?, Double?) {
        let rows = try Row.fetchAll(db, sql: """
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
    static func store(_ index: DTIndexConfig, _ db: Database) throws {
        try db.execute(sql: "DELETE FROM dt_index_weight")
        for component in index.components {
            try db.execute(sql: "INSERT INTO dt_index_weight (component, weight, direction) VALUES (?, ?, ?)",
                           arguments: [component.indicator, component.weight,
                                       component.lowerIsBetter ? "lower_is_better" : "higher_is_better"])
        }
    }
}
