import GRDB

/// Issue 8: a night with one new file recomputes that province's figures, not the nation's.
/// The provinces whose returns changed are kept per period until aggregate and export have
/// caught up; the export tables are stored by aggregate, row by row and province by province,
/// so one province's rows can be replaced; the findings export is kept compressed per province,
/// and each feedback file's digest is kept so that those of unchanged provinces are left as they are.
///
/// Frozen: this text shipped; a later change is a new migration.
enum V5ProvinceChanges {
    static let sql = """
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
}
