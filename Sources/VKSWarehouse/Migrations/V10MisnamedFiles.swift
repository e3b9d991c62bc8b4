/// v10: a misnamed file is filed under the return its name was meant for (`79_2026Q3_staffing.csv`,
/// SPEC §5), so that its finding reaches that province's feedback file. Such a file has a period
/// but no format (nothing could read it), and its `E_PERIOD` says how to write the period, not that
/// the period is wrong: the quarter counts. A file whose name parsed and whose period was refused
/// (in the future, before the statistics began) still invents no quarter.
///
/// Frozen: this text shipped; a later change is a new migration.
enum V10MisnamedFiles {
    static let sql = """
        DROP VIEW expected_return;
        DROP VIEW reporting_quarter;
        CREATE VIEW reporting_quarter AS
            SELECT DISTINCT r.period FROM received_file r
            WHERE r.period IS NOT NULL
              AND (r.format IS NULL
                   OR NOT EXISTS (SELECT 1 FROM finding f WHERE f.file_id = r.id AND f.code = 'E_PERIOD'));
        CREATE VIEW expected_return AS
            SELECT q.period, p.code AS province_code,
                   4 * CASE WHEN q.period < '2025-Q3'
                            THEN (SELECT COUNT(*) FROM former_province f WHERE f.new_code = p.code)
                            ELSE 1 END AS returns
            FROM reporting_quarter q CROSS JOIN province p;
        """
}
