import GRDB
import VKSModel
import VKSWarehouse

/// What a night's aggregate computes, decided before anything runs: which periods are owed (and
/// for which provinces and datasets), and, per definition and table, which periods to compute.
///
/// Two things make a period owed for a definition: new facts (`period_state`, set as files load),
/// and the definition itself being new or changed since the period's figures were stored (its
/// digest, `aggregate_definition`, differs). The second holds for every open period, whatever else
/// changed (SPEC §8): the digest mismatch is the state, so a run killed half-way or a definition that
/// failed is simply computed again next time. Closed quarters keep their figures until reopened.
struct AggregatePlan {
    /// A period to compute, for which provinces (nil: all of them) and because of which datasets
    /// (nil: any).
    struct Work: Sendable {
        let period: ReportingPeriod
        let provinces: Set<String>?
        let datasets: Set<Dataset>?

        /// Whether a definition reading `reads` has to run again for this period.
        func affects(_ reads: Set<Dataset>) -> Bool {
            guard provinces != nil, let datasets else { return true }
            return !reads.isDisjoint(with: datasets)
        }
    }

    /// An indicator definition's periods: those computed for every province, and those computed for
    /// `provinces` only (plus the nation, for a definition that computes its own).
    struct DefinitionJob: Sendable {
        let definition: IndicatorDefinition
        let whole: [ReportingPeriod]
        let partial: [ReportingPeriod]
        let provinces: Set<String>
        /// `SQLDigest` of the file (and, for a composite, of the weights it reads), stored with its values.
        let digest: String

        var isComposite: Bool { definition.isComposite }

        var forEveryProvince: DefinitionJob {
            DefinitionJob(definition: definition, whole: whole + partial, partial: [], provinces: [], digest: digest)
        }
    }

    /// A table to compute for a period, for some provinces (or, nil, all).
    struct TableJob: Sendable {
        let period: ReportingPeriod
        let table: TableDefinition
        let provinces: Set<String>?
    }

    let work: [Work]
    let definitionJobs: [DefinitionJob]
    let tableJobs: [TableJob]

    var isEmpty: Bool { work.isEmpty && definitionJobs.isEmpty && tableJobs.isEmpty }

    /// Every period something is computed for.
    var periods: Set<ReportingPeriod> {
        Set(work.map(\.period)).union(definitionJobs.flatMap { $0.whole + $0.partial }).union(tableJobs.map(\.period))
    }

    /// `byHand`: the periods an analyst asked for (`--period`, quarters or years), computed whole; nil
    /// for what the night owes.
    init(
        definitions: [IndicatorDefinition], tables: [TableDefinition], compositeFormat: String,
        byHand: [ReportingPeriod]?,
        _ db: Database
    ) throws {
        let scope = Scope(periods: byHand)
        // A closed quarter's figures are frozen: nothing, not even new reference data, recomputes them.
        let closed = try PeriodLock.closedPeriods(db)
        let open = try PeriodState.allPeriods(db).filter { !closed.contains($0) && scope.includes(period: $0) }
        let asked = byHand != nil ? open : try PeriodState.periodsNeedingAggregate(db).filter { !closed.contains($0) }
        let work = try asked.map { period in
            byHand != nil
                ? Work(period: period, provinces: nil, datasets: nil)
                : Work(
                    period: period, provinces: try PeriodState.provincesToAggregate(period, db),
                    datasets: try PeriodState.datasetsToAggregate(period, db))
        }
        let independent = try definitions.filter { !$0.isComposite }.compactMap { definition in
            try Self.job(definition, digest: Self.digest(definition, compositeFormat), work: work, open: open, db)
        }
        // Composites read the others' values: they follow every period any of them was computed in.
        let computed = Set(work.map(\.period)).union(independent.flatMap { $0.whole + $0.partial })
        let composites = try definitions.filter(\.isComposite).compactMap { definition in
            let digest = Self.digest(definition, compositeFormat)
            let stored = try Self.storedDigests(definition.id, db)
            let whole = open.filter { computed.contains($0) || stored[$0] != digest }
            return whole.isEmpty
                ? nil
                : DefinitionJob(
                    definition: definition, whole: whole, partial: [], provinces: [],
                    digest: digest)
        }
        self.work = work
        definitionJobs = independent + composites
        tableJobs = try tables.flatMap { table in try Self.jobs(table, work: work, open: open, db) }
    }

    /// A definition is computed for some provinces only where the period's values were stored by
    /// the same file; a new or edited definition is computed for every province of every open period.
    private static func job(
        _ definition: IndicatorDefinition, digest: String, work: [Work], open: [ReportingPeriod],
        _ db: Database
    ) throws -> DefinitionJob? {
        let stored = try storedDigests(definition.id, db)
        let owed = Set(work.map(\.period))
        let whole =
            work.filter { $0.provinces == nil || stored[$0.period] != digest }.map(\.period)
            + open.filter { !owed.contains($0) && stored[$0] != digest }
        let partial = work.filter { $0.provinces != nil && stored[$0.period] == digest && $0.affects(definition.reads) }
        guard !whole.isEmpty || !partial.isEmpty else { return nil }
        return DefinitionJob(
            definition: definition, whole: whole, partial: partial.map(\.period),
            provinces: partial.reduce(into: [AggregateStage.nationalCode]) { $0.formUnion($1.provinces!) },
            digest: digest)
    }

    /// The periods among `periods` (closed quarters excepted) for which a usable definition's values
    /// were never computed in its present text: `export` refuses them. One that failed (a blank
    /// digest) is named already and waits for its fix, its last values exported meanwhile.
    static func uncomputed(
        _ periods: [ReportingPeriod], definitions: [IndicatorDefinition], compositeFormat: String,
        _ db: Database
    ) throws -> Set<ReportingPeriod> {
        let closed = try PeriodLock.closedPeriods(db)
        var found = Set<ReportingPeriod>()
        for definition in definitions {
            let digest = digest(definition, compositeFormat)
            let stored = try storedDigests(definition.id, db)
            found.formUnion(periods.filter { !closed.contains($0) && stored[$0] != "" && stored[$0] != digest })
        }
        return found
    }

    /// What a definition's stored values were computed by: its file, and for a composite the weights
    /// it reads (`compositeFormat`).
    private static func digest(_ definition: IndicatorDefinition, _ compositeFormat: String) -> String {
        SQLDigest.of(definition.sql, format: definition.isComposite ? compositeFormat : "")
    }

    private static func storedDigests(_ indicator: String, _ db: Database) throws -> [ReportingPeriod: String] {
        try Dictionary(
            uniqueKeysWithValues: Row.fetchAll(
                db,
                sql: """
                    SELECT period, sql_sha256 FROM aggregate_definition WHERE indicator = ?
                    """, arguments: [indicator]
            ).map { ($0[0] as ReportingPeriod, $0[1] as String) })
    }

    /// A table is recomputed for some provinces only when it is stored per province by the same SQL;
    /// a new or edited table is computed whole for every open period.
    private static func jobs(_ table: TableDefinition, work: [Work], open: [ReportingPeriod], _ db: Database) throws
        -> [TableJob]
    {
        let owed = Set(work.map(\.period))
        let forWork = try work.compactMap { item -> TableJob? in
            let stored = try TableStore.stored(table.name, period: item.period, db)
            let reusable = stored.map { $0.perProvince && $0.sqlSHA256 == table.sqlSHA256 } ?? false
            if reusable && !item.affects(table.reads) { return nil }
            return TableJob(period: item.period, table: table, provinces: reusable ? item.provinces : nil)
        }
        let stale = try open.filter { !owed.contains($0) }.filter { period in
            try TableStore.stored(table.name, period: period, db)?.sqlSHA256 != table.sqlSHA256
        }
        return forWork + stale.map { TableJob(period: $0, table: table, provinces: nil) }
    }

    // MARK: - Definitions that can run

    /// The definitions and tables whose SQL prepares and returns the columns it must; a problem
    /// naming the file and the database's message for each of the others, which are left out.
    static func runnable(
        _ definitions: [IndicatorDefinition], _ tables: [TableDefinition],
        _ db: Database
    ) -> ([IndicatorDefinition], [TableDefinition], [ConfigurationProblem]) {
        var problems: [ConfigurationProblem] = []
        func columns(_ sql: String, file: String) -> [String]? {
            do {
                return try db.makeStatement(sql: sql).columnNames
            } catch {
                problems.append(
                    ConfigurationProblem(file: file, key: nil, message: "lỗi SQL: " + databaseMessage(error)))
                return nil
            }
        }
        let indicatorColumns = ["period", "province_code", "numerator", "denominator"]
        let usable = definitions.filter { definition in
            guard let names = columns(definition.sql, file: definition.file) else { return false }
            let missing = indicatorColumns.filter { !names.contains($0) }
            if missing.isEmpty { return true }
            problems.append(
                ConfigurationProblem(
                    file: definition.file, key: nil,
                    message: "kết quả thiếu cột "
                        + missing.joined(separator: ", ") + "; một chỉ số trả về "
                        + indicatorColumns.joined(separator: ", ")))
            return false
        }
        let usableTables = tables.filter { table in
            guard let names = columns(table.sql, file: table.file) else { return false }
            if Array(names.prefix(3)) == TableDefinition.leadingColumns { return true }
            problems.append(
                ConfigurationProblem(
                    file: table.file, key: nil,
                    message: "kết quả phải bắt đầu bằng các cột "
                        + TableDefinition.leadingColumns.joined(separator: ", ") + " (đang là "
                        + names.prefix(3).joined(separator: ", ") + ")"))
            return false
        }
        return (usable, usableTables, problems)
    }

    /// The database's own words for a failure (SQLite's message, not GRDB's dump of the statement).
    static func databaseMessage(_ error: any Error) -> String {
        (error as? DatabaseError)?.message ?? "\(error)"
    }
}
