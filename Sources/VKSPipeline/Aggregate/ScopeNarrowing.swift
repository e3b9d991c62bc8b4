import GRDB
import VKSModel
import VKSWarehouse

/// How a definition or table is run for some periods and provinces only, without a pass over the
/// whole warehouse: the filter pushed into SQLite (`only`) and the scope views narrowed (`scope`).
enum ScopeNarrowing {
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
    static func scope<T>(
        periods: [ReportingPeriod], provinces: Set<String>?, snapshot: Bool = true, _ db: Database,
        _ body: () throws -> T
    ) throws -> T {
        guard snapshot || provinces != nil else { return try body() }
        defer { try? ScopeSnapshot.remove(db) }  // and again before the next use, if this failed
        try ScopeSnapshot.install(periods: periods, provinces: provinces, db)
        return try body()
    }
}
