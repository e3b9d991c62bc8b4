import GRDB

/// What incremental nights learned they need after v5 had shipped: each definition's digest, and
/// each feedback file's layout version in place of its size.
///
/// Frozen: this text shipped; a later change is a new migration.
enum V6DefinitionDigests {
    static let sql = """
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
    static let feedbackLayoutVersion = """
        -- The writer's layout version of each feedback file: a file of another layout is written
        -- again (those recorded before have none, so each is written once more).
        ALTER TABLE feedback_file DROP COLUMN size;
        ALTER TABLE feedback_file ADD COLUMN format TEXT NOT NULL DEFAULT '';
        """
}
