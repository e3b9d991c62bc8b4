import GRDB

/// The quarters the warehouse reports on, and the returns each province owes in them (I13, I13T).
///
/// Frozen: this text shipped; a later change is a new migration.
enum V4ExpectedReturns {
    static let sql = """
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
}
