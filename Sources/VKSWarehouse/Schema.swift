import GRDB

/// The warehouse schema, changed only by appending named migrations (never by editing one that shipped).
public enum Schema {
    public static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-foundation") { db in
            try db.execute(sql: foundation)
        }
        migrator.registerMigration("v2-returns") { db in
            try db.execute(sql: returns)
        }
        migrator.registerMigration("v3-ledger") { db in
            try db.execute(sql: ledger)
        }
        migrator.registerMigration("v4-expected-returns") { db in
            try db.execute(sql: expectedReturns)
        }
        migrator.registerMigration("v5-province-changes") { db in
            try db.execute(sql: provinceChanges)
        }
        migrator.registerMigration("v6-definition-digests") { db in
            // For a while main carried these in v5's own text: warehouses made then have them already.
            try db.execute(sql: definitionDigests)
            if try db.columns(in: "feedback_file").contains(where: { $0.name == "size" }) {
                try db.execute(sql: feedbackLayoutVersion)
            }
        }
        migrator.registerMigration("v7-return-rollups") { db in
            try db.execute(sql: returnRollups)
            for definition in RollupDefinition.asOfV7 { try ReturnRollup.rebuild(definition, db) }
        }
        migrator.registerMigration("v8-deliveries") { db in
            try db.execute(sql: V8Deliveries.sql)
        }
        migrator.registerMigration("v9-current-findings") { db in
            try db.execute(sql: V9CurrentFindings.sql)
        }
        return migrator
    }

    /// Names of the migrations, in order, for `vksict status` and tests.
    public static var migrationNames: [String] { migrator.migrations }

    private static let foundation = """
        -- Reference data, reloaded whole when its content hash changes.
        CREATE TABLE reference_version (
            sha256      TEXT PRIMARY KEY,
            loaded_at   TEXT NOT NULL
        );
        CREATE TABLE province (
            code        TEXT PRIMARY KEY,
            name        TEXT NOT NULL,
            short_name  TEXT NOT NULL
        );
        CREATE TABLE former_province (
            old_code        TEXT PRIMARY KEY,
            old_name        TEXT NOT NULL,
            new_code        TEXT NOT NULL REFERENCES province(code),
            effective_from  TEXT NOT NULL
        );
        CREATE TABLE unit (
            code            TEXT PRIMARY KEY,
            name            TEXT NOT NULL,
            province_code   TEXT NOT NULL REFERENCES province(code),
            level           TEXT NOT NULL,
            active_from     TEXT,
            active_to       TEXT
        );
        -- Every code list of SPEC §3 in one table: list, code, Vietnamese name, aliases ('|'-separated),
        -- plus `core` (software catalog) and `factor` (amount units).
        CREATE TABLE code_list (
            list        TEXT NOT NULL,
            code        TEXT NOT NULL,
            name        TEXT NOT NULL,
            aliases     TEXT NOT NULL,
            core        INTEGER,
            factor      INTEGER,
            PRIMARY KEY (list, code)
        );

        -- The ledger: every file ever received, accepted or not.
        CREATE TABLE received_file (
            id                  INTEGER PRIMARY KEY,
            sha256              TEXT NOT NULL UNIQUE,
            name                TEXT NOT NULL,       -- path inside the inbox, as delivered
            size                INTEGER NOT NULL,
            arrived_at          TEXT NOT NULL,       -- ISO 8601, UTC
            run_id              TEXT NOT NULL,       -- the run that took it in
            name_province_code  TEXT,                -- as written in the file name (former code before 2025-Q3)
            province_code       TEXT,                -- today's province
            period              TEXT,
            dataset             TEXT,
            format              TEXT,
            encoding            TEXT,
            delimiter           TEXT,
            status              TEXT NOT NULL DEFAULT 'received'
                                CHECK (status IN ('received', 'accepted', 'rejected')),
            validated_at        TEXT,
            rows_total          INTEGER,
            rows_rejected       INTEGER,
            errors              INTEGER NOT NULL DEFAULT 0,
            warnings            INTEGER NOT NULL DEFAULT 0,
            on_time             INTEGER,
            loaded_at           TEXT,
            supersedes          INTEGER REFERENCES received_file(id),
            is_current          INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX received_file_return ON received_file(period, province_code, dataset);
        CREATE INDEX received_file_status ON received_file(status);

        CREATE TABLE finding (
            id          INTEGER PRIMARY KEY,
            file_id     INTEGER NOT NULL REFERENCES received_file(id),
            code        TEXT NOT NULL,
            severity    TEXT NOT NULL CHECK (severity IN ('error', 'warning')),
            line        INTEGER,
            column_name TEXT,
            value       TEXT,
            message     TEXT NOT NULL
        );
        CREATE INDEX finding_file ON finding(file_id);

        -- Normalised facts. Each row points at its file and line; `raw` holds, as a JSON object,
        -- the cells as written wherever they differ from the normalised value.
        CREATE TABLE staffing_fact (
            file_id         INTEGER NOT NULL REFERENCES received_file(id),
            line            INTEGER NOT NULL,
            quarter         TEXT NOT NULL,
            province_code   TEXT NOT NULL,
            unit_code       TEXT NOT NULL,
            total_staff     INTEGER NOT NULL,
            procurators     INTEGER NOT NULL,
            it_staff        INTEGER NOT NULL,
            it_engineers    INTEGER,
            raw             TEXT
        );
        CREATE TABLE hardware_fact (
            file_id         INTEGER NOT NULL REFERENCES received_file(id),
            line            INTEGER NOT NULL,
            quarter         TEXT NOT NULL,
            province_code   TEXT NOT NULL,
            unit_code       TEXT NOT NULL,
            category        TEXT NOT NULL,
            quantity        INTEGER NOT NULL,
            in_use          INTEGER NOT NULL,
            broken          INTEGER,
            acquired_year   INTEGER NOT NULL,
            funding_source  TEXT NOT NULL,
            protected       INTEGER,
            unit_value      INTEGER,
            raw             TEXT
        );
        CREATE TABLE software_fact (
            file_id             INTEGER NOT NULL REFERENCES received_file(id),
            line                INTEGER NOT NULL,
            quarter             TEXT NOT NULL,
            province_code       TEXT NOT NULL,
            unit_code           TEXT NOT NULL,
            software_code       TEXT NOT NULL,
            status              TEXT NOT NULL,
            hosting             TEXT,
            accounts            INTEGER,
            active_users        INTEGER,
            transactions        INTEGER,
            transactions_total  INTEGER,
            raw                 TEXT
        );
        CREATE TABLE spending_fact (
            file_id         INTEGER NOT NULL REFERENCES received_file(id),
            line            INTEGER NOT NULL,
            quarter         TEXT NOT NULL,
            province_code   TEXT NOT NULL,
            unit_code       TEXT NOT NULL,
            category        TEXT NOT NULL,
            funding_source  TEXT NOT NULL,
            allocated       INTEGER NOT NULL,   -- whole đồng
            spent           INTEGER NOT NULL,   -- whole đồng
            amount_unit     TEXT NOT NULL,
            project_code    TEXT,
            raw             TEXT
        );
        CREATE INDEX staffing_fact_file ON staffing_fact(file_id);
        CREATE INDEX hardware_fact_file ON hardware_fact(file_id);
        CREATE INDEX software_fact_file ON software_fact(file_id);
        CREATE INDEX spending_fact_file ON spending_fact(file_id);

        -- Which returns count: one (province, quarter, dataset) may hold several current files before
        -- 2025-Q3, when former provinces 74, 77 and 79 all add up under today's 79.
        CREATE VIEW current_return AS
            SELECT DISTINCT province_code, period AS quarter, dataset, substr(period, 1, 4) AS year
            FROM received_file WHERE is_current = 1;

        -- Every reporting period a quarter's return counts toward: the quarter itself, and its year.
        -- For a year, stocks (staff, devices, accounts) come from the latest quarter the province
        -- reported that dataset in (is_stock = 1); flows (spending, transactions) from every quarter.
        CREATE VIEW return_scope AS
            SELECT quarter AS period, province_code, dataset, quarter, 1 AS is_stock FROM current_return
            UNION ALL
            SELECT year AS period, province_code, dataset, quarter,
                   quarter = MAX(quarter) OVER (PARTITION BY province_code, dataset, year) AS is_stock
            FROM current_return;

        CREATE VIEW staffing_in_scope AS
            SELECT s.period, s.is_stock, f.* FROM return_scope s
            JOIN received_file r ON r.is_current = 1 AND r.period = s.quarter AND r.province_code = s.province_code
                                AND r.dataset = 'staffing'
            JOIN staffing_fact f ON f.file_id = r.id
            WHERE s.dataset = 'staffing';
        CREATE VIEW hardware_in_scope AS
            SELECT s.period, s.is_stock, f.* FROM return_scope s
            JOIN received_file r ON r.is_current = 1 AND r.period = s.quarter AND r.province_code = s.province_code
                                AND r.dataset = 'hardware'
            JOIN hardware_fact f ON f.file_id = r.id
            WHERE s.dataset = 'hardware';
        CREATE VIEW software_in_scope AS
            SELECT s.period, s.is_stock, f.* FROM return_scope s
            JOIN received_file r ON r.is_current = 1 AND r.period = s.quarter AND r.province_code = s.province_code
                                AND r.dataset = 'software'
            JOIN software_fact f ON f.file_id = r.id
            WHERE s.dataset = 'software';
        CREATE VIEW spending_in_scope AS
            SELECT s.period, s.is_stock, f.* FROM return_scope s
            JOIN received_file r ON r.is_current = 1 AND r.period = s.quarter AND r.province_code = s.province_code
                                AND r.dataset = 'spending'
            JOIN spending_fact f ON f.file_id = r.id
            WHERE s.dataset = 'spending';

        -- Indicator values per period (quarter or year) and province; province '00' is the nation.
        CREATE TABLE indicator_value (
            period          TEXT NOT NULL,
            province_code   TEXT NOT NULL,
            indicator       TEXT NOT NULL,
            name            TEXT NOT NULL,
            numerator       REAL,
            denominator     REAL,
            value           REAL,
            PRIMARY KEY (period, province_code, indicator)
        );

        -- What later stages still owe a period: set by normalize/validate, cleared when done.
        CREATE TABLE period_state (
            period              TEXT PRIMARY KEY,
            needs_aggregate     INTEGER NOT NULL DEFAULT 0,
            needs_export        INTEGER NOT NULL DEFAULT 0
        );

        -- The run log: one row per stage of every run.
        CREATE TABLE run_log (
            run_id      TEXT NOT NULL,
            stage       TEXT NOT NULL,
            started_at  TEXT NOT NULL,
            ended_at    TEXT,
            files       INTEGER NOT NULL DEFAULT 0,
            rows        INTEGER NOT NULL DEFAULT 0,
            rejected    INTEGER NOT NULL DEFAULT 0,
            outcome     TEXT,
            PRIMARY KEY (run_id, stage)
        );
        """

    /// An XML submission carries up to four datasets, so what counts is no longer a file but a
    /// *return*: one file's rows of one dataset. Which version of a return is current, and what it
    /// superseded, moves from the ledger to `file_return`; findings learn their dataset.
    private static let returns: String = """
        CREATE TABLE file_return (
            file_id         INTEGER NOT NULL REFERENCES received_file(id),
            dataset         TEXT NOT NULL,
            rows_total      INTEGER NOT NULL DEFAULT 0,
            rows_rejected   INTEGER NOT NULL DEFAULT 0,
            rows_loaded     INTEGER,
            is_current      INTEGER NOT NULL DEFAULT 0,
            supersedes      INTEGER REFERENCES received_file(id),
            PRIMARY KEY (file_id, dataset)
        );
        INSERT INTO file_return (file_id, dataset, rows_total, rows_rejected, is_current, supersedes)
            SELECT id, dataset, COALESCE(rows_total, 0), COALESCE(rows_rejected, 0), is_current, supersedes
            FROM received_file WHERE dataset IS NOT NULL AND status <> 'received';
        CREATE INDEX file_return_current ON file_return(dataset, is_current);

        ALTER TABLE finding ADD COLUMN dataset TEXT;
        UPDATE finding SET dataset = (SELECT dataset FROM received_file r WHERE r.id = finding.file_id);

        DROP VIEW staffing_in_scope;
        DROP VIEW hardware_in_scope;
        DROP VIEW software_in_scope;
        DROP VIEW spending_in_scope;
        DROP VIEW return_scope;
        DROP VIEW current_return;
        ALTER TABLE received_file DROP COLUMN is_current;
        ALTER TABLE received_file DROP COLUMN supersedes;

        -- The returns that count: several per (province, quarter, dataset) before 2025-Q3, when
        -- former provinces 74, 77 and 79 all add up under today's 79.
        CREATE VIEW current_return AS
            SELECT DISTINCT r.province_code, r.period AS quarter, fr.dataset, substr(r.period, 1, 4) AS year
            FROM file_return fr JOIN received_file r ON r.id = fr.file_id
            WHERE fr.is_current = 1;

        -- Every reporting period a quarter's return counts toward: the quarter itself, and its year.
        -- For a year, stocks (staff, devices, accounts) come from the latest quarter the province
        -- reported that dataset in (is_stock = 1); flows (spending, transactions) from every quarter.
        CREATE VIEW return_scope AS
            SELECT quarter AS period, province_code, dataset, quarter, 1 AS is_stock FROM current_return
            UNION ALL
            SELECT year AS period, province_code, dataset, quarter,
                   quarter = MAX(quarter) OVER (PARTITION BY province_code, dataset, year) AS is_stock
            FROM current_return;

        """ + factDatasets.map { scopeView($0) }.joined()

    /// The returns ledger of issue 5: names under which known bytes came again, period closing and
    /// reopening, outlier thresholds' inputs, and the weights of the composite index.
    private static let ledger = """
        -- Identical bytes delivered again under another name: not a new file, but worth knowing.
        CREATE TABLE file_sighting (
            sha256      TEXT NOT NULL,
            name        TEXT NOT NULL,
            seen_at     TEXT NOT NULL,
            run_id      TEXT NOT NULL,
            PRIMARY KEY (sha256, name)
        );

        -- Closing freezes a quarter; reopening (with a reason) thaws it. `last_file_id` is the last
        -- ledger row when the period closed: the period's exports stand on the files up to it, so they
        -- can be produced again byte for byte at any later time.
        CREATE TABLE period_event (
            id              INTEGER PRIMARY KEY,
            period          TEXT NOT NULL,
            action          TEXT NOT NULL CHECK (action IN ('close', 'reopen')),
            at              TEXT NOT NULL,
            reason          TEXT,
            last_file_id    INTEGER NOT NULL
        );
        CREATE VIEW period_closure AS
            SELECT e.period, e.at AS closed_at, e.last_file_id FROM period_event e
            WHERE e.action = 'close' AND e.id = (SELECT MAX(id) FROM period_event WHERE period = e.period);

        -- The components and weights of I14 dt_index, copied from the pipeline file at each aggregate.
        CREATE TABLE dt_index_weight (
            component   TEXT PRIMARY KEY,
            weight      REAL NOT NULL,
            direction   TEXT NOT NULL CHECK (direction IN ('higher_is_better', 'lower_is_better'))
        );
        """

    /// The quarters the warehouse reports on, and the returns each province owes in them (I13, I13T).
    private static let expectedReturns = """
        -- Quarters something was sent for, leaving out files refused for their period (in the future,
        -- or before the statistics began): a misnamed file must not invent a quarter.
        CREATE VIEW reporting_quarter AS
            SELECT DISTINCT r.period FROM received_file r
            WHERE r.period IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM finding f WHERE f.file_id = r.id AND f.code = 'E_PERIOD');

        -- The returns each province owes per quarter: 4 (one per dataset), and before 2025-Q3 four
        -- per former province it absorbed (today's 79 owed 12 in 2025-Q1: from 74, 77 and 79).
        CREATE VIEW expected_return AS
            SELECT q.period, p.code AS province_code,
                   4 * CASE WHEN q.period < '2025-Q3'
                            THEN (SELECT COUNT(*) FROM former_province f WHERE f.new_code = p.code)
                            ELSE 1 END AS returns
            FROM reporting_quarter q CROSS JOIN province p;
        """

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
    public static func shadowScopeViews(periods: [String], provinces: Set<String>?, _ db: Database) throws {
        func list(_ values: [String]) -> String {
            values.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" }.joined(separator: ", ")
        }
        let filter = provinces.map { " WHERE period IN (\(list(periods))) AND province_code IN (\(list($0.sorted())))" } ?? ""
        // One at a time per connection (nothing nests them); a leftover of a failed drop goes first.
        try dropShadowScopeViews(db)
        try db.execute(sql: """
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
        for dataset in factDatasets {
            let columns = try String.fetchAll(db, sql: "SELECT name FROM main.pragma_table_info(?)", arguments: ["\(dataset)_fact"])
            let selected = columns.map { $0 == "province_code" ? "s.province_code" : "f.\($0)" }.joined(separator: ", ")
            try db.execute(sql: """
                CREATE TEMP VIEW \(dataset)_in_scope AS
                    SELECT s.period, s.is_stock, \(selected) FROM temp.scope_snapshot s
                    JOIN main.received_file r ON r.period = s.quarter AND r.province_code = s.province_code
                    JOIN main.file_return fr ON fr.file_id = r.id AND fr.dataset = '\(dataset)' AND fr.is_current = 1
                    JOIN main.\(dataset)_fact f ON f.file_id = r.id
                    WHERE s.dataset = '\(dataset)'
                """)
        }
    }

    /// The datasets with a fact table and an `_in_scope` view (VKSPipeline's `Dataset`, which this
    /// target does not know).
    private static let factDatasets = ["staffing", "hardware", "software", "spending"]

    /// Shows the `<dataset>_in_scope` views of `main` again (undoes `shadowScopeViews`).
    public static func dropShadowScopeViews(_ db: Database) throws {
        for dataset in factDatasets {
            try db.execute(sql: "DROP VIEW IF EXISTS temp.\(dataset)_in_scope")
        }
        for definition in RollupDefinition.all {
            try db.execute(sql: "DROP VIEW IF EXISTS temp.\(definition.table)_in_scope")
        }
        try db.execute(sql: "DROP TABLE IF EXISTS temp.scope_snapshot")
    }

    /// `<dataset>_in_scope`: the facts of a dataset's current returns, with the reporting period they
    /// count toward and whether they are the year's stock quarter. (The text the v2 migration ran:
    /// keep it so.)
    private static func scopeView(_ dataset: String) -> String {
        """
        CREATE VIEW \(dataset)_in_scope AS
            SELECT s.period, s.is_stock, f.* FROM return_scope s
            JOIN received_file r ON r.period = s.quarter AND r.province_code = s.province_code
            JOIN file_return fr ON fr.file_id = r.id AND fr.dataset = '\(dataset)' AND fr.is_current = 1
            JOIN \(dataset)_fact f ON f.file_id = r.id
            WHERE s.dataset = '\(dataset)';

        """
    }

    /// Issue 8: a night with one new file recomputes that province's figures, not the nation's.
    /// The provinces whose returns changed are kept per period until aggregate and export have
    /// caught up; the export tables are stored by aggregate, row by row and province by province,
    /// so one province's rows can be replaced; the findings export is kept compressed per province,
    /// and each feedback file's digest is kept so that those of unchanged provinces are left as they are.
    private static let provinceChanges = """
        -- 1 while every province of the period must be recomputed (its first time, new reference
        -- data, a reopened quarter, a stage run by hand); 0 when only `province_change` is owed.
        ALTER TABLE period_state ADD COLUMN aggregate_whole INTEGER NOT NULL DEFAULT 1;
        ALTER TABLE period_state ADD COLUMN export_whole INTEGER NOT NULL DEFAULT 1;

        -- `dataset` is the dataset whose facts changed ('' when not known: all of them), so that a
        -- new hardware file does not recompute the spending figures.
        CREATE TABLE province_change (
            period          TEXT NOT NULL,
            province_code   TEXT NOT NULL,
            dataset         TEXT NOT NULL,
            for_aggregate   INTEGER NOT NULL DEFAULT 0,
            for_export      INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (period, province_code, dataset)
        );

        -- `pipelines/tables/<name>.sql` as of the last aggregate of a period: its columns, the
        -- digest of the SQL that made it, and whether its rows are per province (each row names
        -- one, in province order) and so can be replaced one province at a time.
        CREATE TABLE aggregate_table (
            period          TEXT NOT NULL,
            name            TEXT NOT NULL,
            columns         TEXT NOT NULL,   -- JSON array
            sql_sha256      TEXT NOT NULL,
            per_province    INTEGER NOT NULL,
            PRIMARY KEY (period, name)
        );
        -- Its rows, each as the CSV line the export writes; `province_code` is '' when the table is
        -- not per province, and `seq` keeps the query's order within a province.
        CREATE TABLE aggregate_table_row (
            period          TEXT NOT NULL,
            name            TEXT NOT NULL,
            province_code   TEXT NOT NULL,
            seq             INTEGER NOT NULL,
            line            TEXT NOT NULL,
            PRIMARY KEY (period, name, province_code, seq)
        ) WITHOUT ROWID;

        -- `findings.csv.gz` of a period in pieces, one per province ('' for files of no known
        -- province), each compressed on its own and joined into one gzip member at export: a night
        -- that changed one province compresses only that province's findings again.
        CREATE TABLE export_part (
            period          TEXT NOT NULL,
            name            TEXT NOT NULL,
            part            TEXT NOT NULL,
            bytes           BLOB NOT NULL,   -- raw deflate, ending on a sync flush
            crc32           INTEGER NOT NULL,
            length          INTEGER NOT NULL,
            rows            INTEGER NOT NULL,
            PRIMARY KEY (period, name, part)
        );

        -- The headline figures of each loaded return (W_OUTLIER's), summed as it loads: the outlier
        -- check compares a province's quarters from these, not from every fact of its history.
        CREATE TABLE return_total (
            file_id         INTEGER NOT NULL REFERENCES received_file(id),
            dataset         TEXT NOT NULL,
            figure          TEXT NOT NULL,
            total           REAL,
            PRIMARY KEY (file_id, dataset, figure)
        );
        -- TOTAL, not SUM: a sum of đồng past 2⁶³ is an error in SUM; NULL when no row had the figure.
        INSERT INTO return_total (file_id, dataset, figure, total)
            SELECT file_id, 'staffing', 'total_staff', IIF(COUNT(total_staff) = 0, NULL, TOTAL(total_staff)) FROM staffing_fact GROUP BY file_id
            UNION ALL SELECT file_id, 'staffing', 'it_staff', IIF(COUNT(it_staff) = 0, NULL, TOTAL(it_staff)) FROM staffing_fact GROUP BY file_id
            UNION ALL SELECT file_id, 'hardware', 'quantity', IIF(COUNT(quantity) = 0, NULL, TOTAL(quantity)) FROM hardware_fact GROUP BY file_id
            UNION ALL SELECT file_id, 'hardware', 'in_use', IIF(COUNT(in_use) = 0, NULL, TOTAL(in_use)) FROM hardware_fact GROUP BY file_id
            UNION ALL SELECT file_id, 'software', 'accounts', IIF(COUNT(accounts) = 0, NULL, TOTAL(accounts)) FROM software_fact GROUP BY file_id
            UNION ALL SELECT file_id, 'software', 'active_users', IIF(COUNT(active_users) = 0, NULL, TOTAL(active_users)) FROM software_fact GROUP BY file_id
            UNION ALL SELECT file_id, 'spending', 'allocated', IIF(COUNT(allocated) = 0, NULL, TOTAL(allocated)) FROM spending_fact GROUP BY file_id
            UNION ALL SELECT file_id, 'spending', 'spent', IIF(COUNT(spent) = 0, NULL, TOTAL(spent)) FROM spending_fact GROUP BY file_id;

        -- The feedback files a quarter's export left, to vouch for them in the next manifest
        -- without reading them again when their province did not change.
        CREATE TABLE feedback_file (
            period          TEXT NOT NULL,
            name            TEXT NOT NULL,
            sha256          TEXT NOT NULL,
            rows            INTEGER NOT NULL,
            size            INTEGER NOT NULL,
            PRIMARY KEY (period, name)
        );
        """

    /// What incremental nights learned they need after v5 had shipped: each definition's digest, and
    /// each feedback file's layout version in place of its size.
    private static let definitionDigests = """
        -- The digest of each indicator definition's SQL as of the last aggregate of a period: an
        -- edited or new definition is computed for every province, not only the changed ones.
        CREATE TABLE IF NOT EXISTS aggregate_definition (
            period          TEXT NOT NULL,
            indicator       TEXT NOT NULL,
            sql_sha256      TEXT NOT NULL,
            PRIMARY KEY (period, indicator)
        );
        """

    /// v6, on a warehouse whose feedback files still record their size.
    private static let feedbackLayoutVersion = """
        -- The writer's layout version of each feedback file: a file of another layout is written
        -- again (those recorded before have none, so each is written once more).
        ALTER TABLE feedback_file DROP COLUMN size;
        ALTER TABLE feedback_file ADD COLUMN format TEXT NOT NULL DEFAULT '';
        """

    /// Issue 8: the big datasets' figures summed per return as it loads (`ReturnRollup`), and read
    /// through views like the facts' (`vksict aggregate` shadows them as it does the facts' views).
    /// Filled here from the facts already loaded.
    private static let returnRollups = """
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

    /// `temp.<dataset>_rollup_in_scope`: v7's view of a rollup (the rows of the current returns, with
    /// the reporting period they count toward, the province and quarter, and whether they are the
    /// year's stock quarter), over `temp.scope_snapshot` (see `shadowScopeViews`).
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
