import Foundation
import GRDB
import Testing

@testable import VKSWarehouse

/// The views the indicator SQL stands on: quarters count themselves; a year takes stocks from the
/// latest quarter each province reported and flows from every quarter.
struct ScopeSnapshotTests {
    func seed(_ db: Database) throws {
        try db.execute(sql: "INSERT INTO province (code, name, short_name) VALUES ('79', 'TP HCM', 'HCM')")
        var id: Int64 = 0
        func file(_ period: String, _ dataset: String, current: Bool = true) throws -> Int64 {
            id += 1
            try db.execute(
                sql: """
                    INSERT INTO received_file (id, sha256, name, size, arrived_at, run_id, name_province_code, province_code,
                                               period, dataset, status)
                    VALUES (?, ?, 'f', 1, 'now', 'r', '79', '79', ?, ?, 'accepted')
                    """, arguments: [id, "sha\(id)", period, dataset])
            try db.execute(
                sql: "INSERT INTO file_return (file_id, dataset, is_current) VALUES (?, ?, ?)",
                arguments: [id, dataset, current])
            return id
        }
        for (quarter, staff) in [("2026-Q1", 100), ("2026-Q2", 110)] {
            let staffing = try file(quarter, "staffing")
            try db.execute(
                sql: """
                    INSERT INTO staffing_fact (file_id, line, quarter, province_code, unit_code, total_staff, procurators, it_staff)
                    VALUES (?, 2, ?, '79', '79', ?, 1, 1)
                    """, arguments: [staffing, quarter, staff])
            let spending = try file(quarter, "spending")
            try db.execute(
                sql: """
                    INSERT INTO spending_fact (file_id, line, quarter, province_code, unit_code, category, funding_source,
                                               allocated, spent, amount_unit)
                    VALUES (?, 2, ?, '79', '79', 'hardware', 'central', 10, 7, 'dong')
                    """, arguments: [spending, quarter])
        }
        // A superseded version never counts.
        let old = try file("2026-Q2", "staffing", current: false)
        try db.execute(
            sql: """
                INSERT INTO staffing_fact (file_id, line, quarter, province_code, unit_code, total_staff, procurators, it_staff)
                VALUES (?, 2, '2026-Q2', '79', '79', 999, 1, 1)
                """, arguments: [old])
    }

    @Test func stocksFromTheLatestQuarterFlowsFromAll() throws {
        let warehouse = try Warehouse()
        try warehouse.write(seed)
        try warehouse.read { db in
            let staff = try Row.fetchAll(
                db,
                sql: """
                    SELECT period, SUM(total_staff) AS n FROM staffing_in_scope WHERE is_stock = 1 GROUP BY period ORDER BY period
                    """
            ).map { "\($0["period"] as String)=\($0["n"] as Int)" }
            #expect(staff == ["2026=110", "2026-Q1=100", "2026-Q2=110"])
            let spent = try Row.fetchAll(
                db,
                sql: """
                    SELECT period, SUM(spent) AS n FROM spending_in_scope GROUP BY period ORDER BY period
                    """
            ).map { "\($0["period"] as String)=\($0["n"] as Int)" }
            #expect(spent == ["2026=14", "2026-Q1=7", "2026-Q2=7"])
        }
    }
}
