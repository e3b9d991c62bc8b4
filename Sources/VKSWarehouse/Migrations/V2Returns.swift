import GRDB

/// An XML submission carries up to four datasets, so what counts is no longer a file but a
/// *return*: one file's rows of one dataset. Which version of a return is current, and what it
/// superseded, moves from the ledger to `file_return`; findings learn their dataset.
///
/// Frozen: this text shipped; a later change is a new migration.
enum V2Returns {
    static let sql = """
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

        CREATE VIEW staffing_in_scope AS
            SELECT s.period, s.is_stock, f.* FROM return_scope s
            JOIN received_file r ON r.period = s.quarter AND r.province_code = s.province_code
            JOIN file_return fr ON fr.file_id = r.id AND fr.dataset = 'staffing' AND fr.is_current = 1
            JOIN staffing_fact f ON f.file_id = r.id
            WHERE s.dataset = 'staffing';

        CREATE VIEW hardware_in_scope AS
            SELECT s.period, s.is_stock, f.* FROM return_scope s
            JOIN received_file r ON r.period = s.quarter AND r.province_code = s.province_code
            JOIN file_return fr ON fr.file_id = r.id AND fr.dataset = 'hardware' AND fr.is_current = 1
            JOIN hardware_fact f ON f.file_id = r.id
            WHERE s.dataset = 'hardware';

        CREATE VIEW software_in_scope AS
            SELECT s.period, s.is_stock, f.* FROM return_scope s
            JOIN received_file r ON r.period = s.quarter AND r.province_code = s.province_code
            JOIN file_return fr ON fr.file_id = r.id AND fr.dataset = 'software' AND fr.is_current = 1
            JOIN software_fact f ON f.file_id = r.id
            WHERE s.dataset = 'software';

        CREATE VIEW spending_in_scope AS
            SELECT s.period, s.is_stock, f.* FROM return_scope s
            JOIN received_file r ON r.period = s.quarter AND r.province_code = s.province_code
            JOIN file_return fr ON fr.file_id = r.id AND fr.dataset = 'spending' AND fr.is_current = 1
            JOIN spending_fact f ON f.file_id = r.id
            WHERE s.dataset = 'spending';

        """
}
