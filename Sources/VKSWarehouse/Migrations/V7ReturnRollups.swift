import GRDB

/// Issue 8: the big datasets' figures summed per return as it loads (`ReturnRollup`), and read
/// through views like the facts' (`vksict aggregate` shadows them as it does the facts' views).
/// Filled here from the facts already loaded.
///
/// Frozen: this text shipped; a later change is a new migration.
enum V7ReturnRollups {
    static let sql = """
        -- Hardware per return, category and year of acquisition: rows and sums (NULL when every
        -- row's cell was blank, as SQL's SUM).
        CREATE TABLE hardware_rollup (
            file_id         INTEGER NOT NULL REFERENCES received_file(id),
            category        TEXT NOT NULL,
            acquired_year   INTEGER NOT NULL,
            rows            INTEGER NOT NULL,
            quantity        INTEGER,
            in_use          INTEGER,
            broken          INTEGER,
            protected       INTEGER,
            PRIMARY KEY (file_id, category, acquired_year)
        ) WITHOUT ROWID;
        -- Spending per return, category and funding source, in whole đồng.
        CREATE TABLE spending_rollup (
            file_id         INTEGER NOT NULL REFERENCES received_file(id),
            category        TEXT NOT NULL,
            funding_source  TEXT NOT NULL,
            rows            INTEGER NOT NULL,
            allocated       INTEGER,
            spent           INTEGER,
            PRIMARY KEY (file_id, category, funding_source)
        ) WITHOUT ROWID;

        CREATE VIEW hardware_rollup_in_scope AS
            SELECT s.period, s.is_stock, s.province_code, s.quarter, f.* FROM return_scope s
            JOIN received_file r ON r.period = s.quarter AND r.province_code = s.province_code
            JOIN file_return fr ON fr.file_id = r.id AND fr.dataset = 'hardware' AND fr.is_current = 1
            JOIN hardware_rollup f ON f.file_id = r.id
            WHERE s.dataset = 'hardware';
        CREATE VIEW spending_rollup_in_scope AS
            SELECT s.period, s.is_stock, s.province_code, s.quarter, f.* FROM return_scope s
            JOIN received_file r ON r.period = s.quarter AND r.province_code = s.province_code
            JOIN file_return fr ON fr.file_id = r.id AND fr.dataset = 'spending' AND fr.is_current = 1
            JOIN spending_rollup f ON f.file_id = r.id
            WHERE s.dataset = 'spending';
        """
}
