/// v9: which findings are current (SPEC §5), and which run checked each delivery.
///
/// A finding belongs to the delivery whose check produced it, and to one of its returns: the return
/// its row or file-level finding is about (a CSV file's dataset, an XML row's dataset). It is history
/// once a later delivery of the same return (file-name province, quarter, dataset) is current: the
/// province fixed it. The lists made for people (`rejections`, feedback files, `findings.csv.gz`, the
/// report) read `current_finding`; `history` reads every finding.
///
/// "Later" is the order revisions are decided in (`ReturnStore.makeCurrent`): arrival time, then
/// ledger order. An XML submission's file-level findings (malformed, late, repeated) are history when
/// the submission is history as a whole: every return it held has a later current version, or, when it
/// held none (refused before its rows), a later XML submission of the same province and quarter is
/// current.
///
/// Every open period's exports are owed again once: those written before hold findings now history.
///
/// Frozen: this text shipped; a later change is a new migration.
enum V9CurrentFindings {
    static let sql = """
        -- The run whose validate stage decided the delivery: `vksict rejections --run ID`, the cron summary.
        ALTER TABLE received_file ADD COLUMN validated_run_id TEXT;
        UPDATE received_file SET validated_run_id = run_id WHERE validated_at IS NOT NULL;
        CREATE INDEX received_file_validated_run ON received_file(validated_run_id);
        CREATE INDEX received_file_named_return ON received_file(name_province_code, period);

        -- (file_id, dataset): that return of the delivery has a later current version. Kept as the
        -- ledger changes (`ReturnStore`): a return's current version only ever moves to a later
        -- delivery, so a delivery once superseded stays so, and the lists made for people find out
        -- with one lookup per finding.
        CREATE TABLE superseded_return (
            file_id     INTEGER NOT NULL REFERENCES received_file(id),
            dataset     TEXT NOT NULL,
            PRIMARY KEY (file_id, dataset)
        ) WITHOUT ROWID;
        INSERT INTO superseded_return (file_id, dataset)
            SELECT DISTINCT d.id, c.dataset
            FROM received_file d
            JOIN received_file s ON s.name_province_code = d.name_province_code AND s.period = d.period
                                AND (s.arrived_at > d.arrived_at OR (s.arrived_at = d.arrived_at AND s.id > d.id))
            JOIN file_return c ON c.file_id = s.id AND c.is_current = 1
            WHERE d.dataset IS NULL OR c.dataset = d.dataset;

        -- XML submissions that are history as a whole.
        CREATE VIEW superseded_submission AS
            SELECT d.id AS file_id FROM received_file d
            WHERE d.dataset IS NULL AND d.period IS NOT NULL AND d.name_province_code IS NOT NULL
              AND CASE WHEN EXISTS (SELECT 1 FROM file_return own WHERE own.file_id = d.id)
                  THEN NOT EXISTS (SELECT 1 FROM file_return own WHERE own.file_id = d.id AND NOT EXISTS (
                           SELECT 1 FROM superseded_return h WHERE h.file_id = d.id AND h.dataset = own.dataset))
                  ELSE EXISTS (SELECT 1 FROM received_file s JOIN file_return c ON c.file_id = s.id AND c.is_current = 1
                               WHERE s.dataset IS NULL AND s.name_province_code = d.name_province_code
                                 AND s.period = d.period
                                 AND (s.arrived_at > d.arrived_at OR (s.arrived_at = d.arrived_at AND s.id > d.id)))
                  END;

        -- The findings a person still has to act on.
        CREATE VIEW current_finding AS
            SELECT f.* FROM finding f JOIN received_file r ON r.id = f.file_id
            WHERE CASE WHEN COALESCE(f.dataset, r.dataset) IS NOT NULL
                  THEN NOT EXISTS (SELECT 1 FROM superseded_return h
                                   WHERE h.file_id = f.file_id AND h.dataset = COALESCE(f.dataset, r.dataset))
                  ELSE f.file_id NOT IN (SELECT file_id FROM superseded_submission)
                  END;

        -- Closed quarters' exports stand as they were closed.
        UPDATE period_state SET needs_export = 1, export_whole = 1
        WHERE period NOT IN (SELECT period FROM period_closure);
        """
}
