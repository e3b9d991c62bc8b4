import GRDB

/// v1: reference data, the ledger, findings, facts, the scope views, indicators, period bookkeeping and the run log.
///
/// Frozen: this text shipped; a later change is a new migration.
enum V1Foundation {
    static let sql = """
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
}
