import GRDB
import VKSModel

/// How `vksict aggregate` reads the facts fast: on its own connection, the `<dataset>_in_scope`
/// views an analyst queries are hidden behind TEMP views that give the same rows through a keyed
/// snapshot of the returns in scope.
public enum ScopeSnapshot {
    /// Hides, on this connection, the four `<dataset>_in_scope` views behind TEMP ones that give the
    /// same rows through a keyed snapshot of `return_scope` (`temp.scope_snapshot`), of only
    /// `provinces` in `periods` when `provinces` is given. Two things change in how SQLite can run a
    /// definition over them, measured on 1M facts (docs/BENCHMARKS.md):
    /// - the snapshot is a table with a primary key, so SQLite walks it in (period, province) order and
    ///   a definition that groups by period and province needs no sort of its facts (I10 1.6 → 0.6 s);
    /// - `province_code` is the snapshot's, equal to the fact's by the join (a fact carries its file's
    ///   province), which is what lets SQLite see that order.
    /// With `provinces`, one province's figures do not cost a pass over every province's facts: SQLite
    /// cannot push a filter on the facts' `province_code` down to `return_scope`, so it is written in
    /// the snapshot (a province's I08 on 10M facts 20.3 s → 0.2 s).
    public static func install(periods: [ReportingPeriod], provinces: Set<String>?, _ db: Database) throws {
        func list(_ values: [String]) -> String {
            values.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" }.joined(separator: ", ")
        }
        let filter =
            provinces.map {
                " WHERE period IN (\(list(periods.map(\.description)))) AND province_code IN (\(list($0.sorted())))"
            } ?? ""
        // One at a time per connection (nothing nests them); a leftover of a failed drop goes first.
        try remove(db)
        try db.execute(
            sql: """
                CREATE TEMP TABLE scope_snapshot (
                    period TEXT NOT NULL, province_code TEXT NOT NULL, dataset TEXT NOT NULL, quarter TEXT NOT NULL,
                    is_stock INTEGER NOT NULL,
                    PRIMARY KEY (dataset, period, province_code, quarter)
                ) WITHOUT ROWID;
                INSERT INTO temp.scope_snapshot SELECT period, province_code, dataset, quarter, is_stock FROM main.return_scope\(filter);
                """)
        for definition in RollupDefinition.all {
            try db.execute(sql: rollupScopeView(definition))
        }
        for dataset in Dataset.allCases {
            let columns = try String.fetchAll(
                db, sql: "SELECT name FROM main.pragma_table_info(?)", arguments: ["\(dataset.rawValue)_fact"])
            let selected = columns.map { $0 == "province_code" ? "s.province_code" : "f.\($0)" }.joined(separator: ", ")
            try db.execute(
                sql: """
                    CREATE TEMP VIEW \(dataset.rawValue)_in_scope AS
                        SELECT s.period, s.is_stock, \(selected) FROM temp.scope_snapshot s
                        JOIN main.received_file r ON r.period = s.quarter AND r.province_code = s.province_code
                        JOIN main.file_return fr ON fr.file_id = r.id AND fr.dataset = '\(dataset.rawValue)' AND fr.is_current = 1
                        JOIN main.\(dataset.rawValue)_fact f ON f.file_id = r.id
                        WHERE s.dataset = '\(dataset.rawValue)'
                    """)
        }
    }

    /// Shows the `<dataset>_in_scope` views of `main` again (undoes `install`).
    public static func remove(_ db: Database) throws {
        for dataset in Dataset.allCases {
            try db.execute(sql: "DROP VIEW IF EXISTS temp.\(dataset.rawValue)_in_scope")
        }
        for definition in RollupDefinition.all {
            try db.execute(sql: "DROP VIEW IF EXISTS temp.\(definition.table)_in_scope")
        }
        try db.execute(sql: "DROP TABLE IF EXISTS temp.scope_snapshot")
    }

    /// `temp.<dataset>_rollup_in_scope`: v7's view of a rollup (the rows of the current returns, with
    /// the reporting period they count toward, the province and quarter, and whether they are the
    /// year's stock quarter), over `temp.scope_snapshot` (see `install`).
    private static func rollupScopeView(_ definition: RollupDefinition) -> String {
        """
        CREATE TEMP VIEW \(definition.table)_in_scope AS
            SELECT s.period, s.is_stock, s.province_code, s.quarter, f.* FROM temp.scope_snapshot s
            JOIN main.received_file r ON r.period = s.quarter AND r.province_code = s.province_code
            JOIN main.file_return fr ON fr.file_id = r.id AND fr.dataset = '\(definition.dataset)' AND fr.is_current = 1
            JOIN main.\(definition.table) f ON f.file_id = r.id
            WHERE s.dataset = '\(definition.dataset)'
        """
    }
}
