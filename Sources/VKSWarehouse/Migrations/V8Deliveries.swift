import GRDB

/// v8: a delivery is a file at an inbox path (SPEC §4), no longer a content.
///
/// Up to v7 the ledger held one row per SHA-256 (`received_file.sha256 UNIQUE`): the same bytes
/// under another name (last quarter's unchanged staffing file sent for this quarter, a file renamed
/// after `E_FILE_NAME`, a province sending an earlier version again) were only a "sighting" and never
/// counted. From v8 each of them is a delivery of its own. SQLite cannot drop a UNIQUE constraint, so
/// the table is rebuilt with the same columns and rows (ids kept, so every finding, fact, return and
/// rollup still points at its file); GRDB runs migrations with foreign-key checks deferred and checks
/// them when the migration ends.
///
/// The sightings themselves stay in `file_sighting` until the next ingest takes each in as a delivery
/// (`IngestStage`): making a ledger row needs what the file name says, read against the reference
/// data, which a frozen migration must not depend on.
///
/// Frozen: this text shipped; a later change is a new migration.
enum V8Deliveries {
    static let sql = """
        CREATE TABLE received_file_v8 (
            id                  INTEGER PRIMARY KEY,
            sha256              TEXT NOT NULL,       -- the content, archived once under this name
            name                TEXT NOT NULL,       -- path inside the inbox, as delivered: the delivery's identity
            size                INTEGER NOT NULL,
            arrived_at          TEXT NOT NULL,       -- ISO 8601, UTC: when the file reached the inbox
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
            loaded_at           TEXT
        );
        INSERT INTO received_file_v8 (id, sha256, name, size, arrived_at, run_id, name_province_code, province_code,
                                      period, dataset, format, encoding, delimiter, status, validated_at, rows_total,
                                      rows_rejected, errors, warnings, on_time, loaded_at)
            SELECT id, sha256, name, size, arrived_at, run_id, name_province_code, province_code,
                   period, dataset, format, encoding, delimiter, status, validated_at, rows_total,
                   rows_rejected, errors, warnings, on_time, loaded_at
            FROM received_file;
        DROP TABLE received_file;
        -- The views that read received_file are left as they are (legacy rename): they name it, and
        -- it is there again once renamed. A modern rename would check them against the missing table.
        PRAGMA legacy_alter_table = ON;
        ALTER TABLE received_file_v8 RENAME TO received_file;
        PRAGMA legacy_alter_table = OFF;
        CREATE INDEX received_file_return ON received_file(period, province_code, dataset);
        CREATE INDEX received_file_status ON received_file(status);
        -- What ingest asks of every inbox file each night: the last delivery from its path, and
        -- whether its bytes are archived already.
        CREATE INDEX received_file_path ON received_file(name, id);
        CREATE INDEX received_file_sha256 ON received_file(sha256);
        """
}
