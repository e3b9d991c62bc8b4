import GRDB
import Testing
import VKSModel

@testable import VKSPipeline

struct PeriodNarrowingTests {
    /// Indicator and table definitions are narrowed to the periods asked for inside SQLite; a
    /// definition ending in a line comment still parses, and rows of other periods never come back.
    @Test func onlyTheAskedPeriodsComeBack() throws {
        let definition = """
            SELECT '2026-Q1' AS period, 1 AS n UNION ALL SELECT '2026-Q2', 2
            UNION ALL SELECT '2026', 3 UNION ALL SELECT '2025', 4 -- a trailing comment
            """
        let narrowed = ScopeNarrowing.only(periods: [ReportingPeriod("2026-Q2")!, .year(2026)], of: definition)
        let rows = try DatabaseQueue().read { try Row.fetchAll($0, sql: narrowed.sql, arguments: narrowed.arguments) }
        #expect(rows.map { $0["period"] as String } == ["2026-Q2", "2026"])
        #expect(rows.map { $0["n"] as Int } == [2, 3])
    }
}
