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
/// provinces' stored rows. A composite (reading `indicator_value`) and a table that is not per
/// province are still computed for every province; they are cheap or rare.
public struct AggregateStage: Stage {
    public let name = "aggregate"
    public static let nationalCode = "00"

    public init() {}

    /// A period to compute, and for which provinces (nil: all of them).
    struct Work: Sendable {
        let period: String
        let provinces: Set<String>?
    }

    public func run(_ context: RunContext) throws -> StageSummary {
        var summary = StageSummary(stage: name)
        let definitions = try IndicatorCatalog.load(from: context.config.indicators)
        let tables = try TableDefinition.load(from: context.config.tables)
        let provinces = context.reference.provinces.map(\.code)
        let work: [Work] = try context.warehouse.read { db in
            let byHand = context.scope.periods != nil
            let asked = byHand
                ? try PeriodState.allPeriods(db).filter(context.scope.includes(period:))
                : try PeriodState.periodsNeedingAggregate(db)
            // A closed quarter's figures are frozen: nothing, not even new reference data, recomputes them.
            let closed = Set(try PeriodLock.closures(db).keys)
            return try asked.filter { !closed.contains($0) }.map { period in
                Work(period: period, provinces: byHand ? nil : try PeriodState.provincesToAggregate(period, db))
            }
        }
        guard !work.isEmpty else {
            summary.note = "không có kỳ nào cần tính lại"
            return summary
        }
        // Definitions and tables over the facts alone run first, one per core, each on its own
        // read-only connection (facts and the dt_index weights are committed by now); definitions
        // reading `indicator_value` (I14) run in turn below, after the ones before them are stored.
        try context.warehouse.write { db in try DTIndexWeights.store(context.config.dtIndex, db) }
        let independent = definitions.filter { !$0.sql.contains("indicator_value") }
        let whole = work.filter { $0.provinces == nil }.map(\.period)
        let partial = work.filter { $0.provinces != nil }
        // One query for the partial periods, over every province any of them owes; the national
        // row too, for a definition that computes its own.
        let owed = partial.reduce(into: Set<String>()) { $0.formUnion($1.provinces!) }.union([Self.nationalCode])
        let precomputed = Mutex<[String: [Part]]>([:])
        let tableResults = Mutex<[Int: TableResult]>([:])
        let storedTables: [String: TableStore.Stored] = try context.warehouse.read { db in
            var stored: [String: TableStore.Stored] = [:]
            for item in work { for table in tables { stored[item.period + "/" + table.name] = try TableStore.stored(table.name, period: item.period, db) } }
            return stored
        }
        // A table is recomputed for some provinces only when it is stored per province by the same SQL.
        let tableJobs: [TableJob] = work.flatMap { item in tables.map { table in
            let stored = storedTables[item.period + "/" + table.name]
            let reusable = stored.map { $0.perProvince && $0.sqlSHA256 == table.sqlSHA256 } ?? false
            return TableJob(period: item.period, table: table, provinces: reusable ? item.provinces : nil)
        } }
        if let path = context.warehouse.path {
            try InOrderParallel.forEach(independent.count + tableJobs.count, work: { index in
                let connection = try Warehouse.readOnly(path: path)
                if index < independent.count {
                    let definition = independent[index]
                    // Not `read`: that forbids even the TEMP views of `narrowingScope`; the file is
                    // opened read-only all the same.
                    return try connection.inDatabase { db -> Job in
                        .parts(try Self.parts(of: definition, periods: whole, db)
                               + Self.parts(of: definition, periods: partial.map(\.period), provinces: owed, db))
                    }
                }
                let job = tableJobs[index - independent.count]
                return try connection.inDatabase {
                    .table(try TableResult.run(job.table, period: job.period, provinces: job.provinces, $0))
                }
            }, deliver: { index, job in
                switch job {
                case .parts(let parts): precomputed.withLock { $0[independent[index].id] = parts }
                case .table(let result):
                    tableResults.withLock { $0[index - independent.count] = result }
                }
            })
        }

        try context.warehouse.write { db in
            let insert = try db.cachedStatement(sql: """
                INSERT INTO indicator_value (period, province_code, indicator, name, numerator, denominator, value)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
            for definition in definitions {
                let dependent = !independent.contains(definition)
                let parts = try precomputed.withLock { $0[definition.id] }
                    ?? Self.parts(of: definition, periods: whole + (dependent ? partial.map(\.period) : []), db)
                    + (dependent ? [] : Self.parts(of: definition, periods: partial.map(\.period), provinces: owed, db))
                var byPeriod: [String: [String: (Double?, Double?)]] = [:]
                for part in parts { byPeriod[part.period, default: [:]][part.province] = (part.numerator, part.denominator) }
                for item in work {
                    // A composite is recomputed for every province: it reads the others' values.
                    let only = dependent ? nil : item.provinces
                    var byProvince = byPeriod[item.period] ?? [:]
                    let national = byProvince.removeValue(forKey: Self.nationalCode)
                    if only == nil {
                        // Rows of a province the reference no longer lists go too.
                        try db.execute(sql: "DELETE FROM indicator_value WHERE period = ? AND indicator = ?",
                                       arguments: [item.period, definition.id])
                    }
                    for province in provinces where only?.contains(province) ?? true {
                        if only != nil {
                            try db.execute(sql: """
                                DELETE FROM indicator_value WHERE period = ? AND indicator = ? AND province_code = ?
                                """, arguments: [item.period, definition.id, province])
                        }
                        let (numerator, denominator) = byProvince[province] ?? (nil, nil)
                        try insert.execute(arguments: [item.period, province, definition.id, definition.name, numerator,
                                                       denominator, ratio(numerator, denominator)])
                        summary.rows += 1
                    }
                    let (numerator, denominator) = try national ?? Self.pooled(definition.id, period: item.period, db)
                    try db.execute(sql: "DELETE FROM indicator_value WHERE period = ? AND indicator = ? AND province_code = ?",
                                   arguments: [item.period, definition.id, Self.nationalCode])
                    try insert.execute(arguments: [item.period, Self.nationalCode, definition.id, definition.name, numerator,
                                                   denominator, ratio(numerator, denominator)])
                    summary.rows += 1
                }
            }
            for (index, job) in tableJobs.enumerated() {
                let result = try tableResults.withLock { $0[index] }
                    ?? TableResult.run(job.table, period: job.period, provinces: job.provinces, db)
                if let only = job.provinces, result.isPerProvince, result.rows.allSatisfy({ only.contains($0.province!) }) {
                    try TableStore.replace(only, of: job.table, period: job.period, with: result, db)
                } else {
                    // Not per province after all (a national row, another order): the whole table again.
                    let all = job.provinces == nil ? result : try TableResult.run(job.table, period: job.period, db)
                    try TableStore.replaceAll(job.table, period: job.period, with: all, db)
                }
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

    /// A table to compute for a period, for some provinces (or, nil, all).
    struct TableJob: Sendable {
        let period: String
        let table: TableDefinition
        let provinces: Set<String>?
    }

    /// What one parallel job computed: a definition's parts or a table's rows for a period.
    enum Job: Sendable {
        case parts([Part])
        case table(TableResult)
    }

    /// One row of a definition's result: a province's numerator and denominator for a period.
    struct Part: Sendable {
        let period: String
        let province: String
        let numerator: Double?
        let denominator: Double?
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

    /// Runs `body` with the `<dataset>_in_scope` views showing only `provinces` in `periods` (all of
    /// them when nil): the outer filter of `only` cannot reach into a definition's own subqueries
    /// (I08 joins two), and one province's figures should not cost a pass over every province's facts.
    /// Measured on 10M facts: a province's I08 for a quarter and its year 20.3 s → 0.2 s.
    static func narrowingScope<T>(periods: [String], provinces: Set<String>?, _ db: Database,
                                  _ body: () throws -> T) throws -> T {
        guard let provinces else { return try body() }
        for dataset in Dataset.allCases {
            try db.execute(sql: Schema.narrowedScopeView(dataset.rawValue, periods: periods, provinces: provinces))
        }
        defer {
            for dataset in Dataset.allCases { try? db.execute(sql: "DROP VIEW temp.\(dataset.rawValue)_in_scope") }
        }
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
    func ratio(_ numerator: Double?, _ denominator: Double?) -> Double? {
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
