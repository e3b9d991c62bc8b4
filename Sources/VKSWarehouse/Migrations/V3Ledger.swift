import GRDB

/// The returns ledger of issue 5: names under which known bytes came again, period closing and
/// reopening, outlier thresholds' inputs, and the weights of the composite index.
///
/// Frozen: this text shipped; a later change is a new migration.
enum V3Ledger {
    static let sql = """
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
}
