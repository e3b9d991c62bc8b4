import GRDB
import Testing
import VKSModel

@testable import VKSWarehouse

/// The bulk insert of facts, on an in-memory warehouse: rows in order through the many-row and the
/// one-row statements, and SQLite's own error when a step fails, never a row silently lost.
struct FactWriterTests {
    func file(_ db: Database) throws -> Int64 {
        var file = ReceivedFile(sha256: "ab", name: "79_2026-Q3_staffing.csv", size: 1, arrivedAt: "t", runId: "r")
        try file.insert(db)
        return file.id!
    }

    @Test func rowsGoInInOrderWithTheirFileQuarterAndRaw() throws {
        let warehouse = try Warehouse()
        try warehouse.write { db in
            let id = try file(db)
            let writer = try FactWriter(
                schema: Dataset.staffing.schema, fileID: id, quarter: Period(year: 2026, quarter: 3)!,
                provinceCode: "79", db: db)
            // Two full statements of 64 and two rows left for `finish`.
            for line in 2..<132 {
                try writer.insert(
                    FactWriter.Row(
                        line: line,
                        values: [.text("79"), .integer(Int64(line)), .integer(1), .integer(1), .null],
                        raw: line == 2 ? #"{"total_staff":"2,0"}"# : nil))
            }
            try writer.finish()
            let rows = try Row.fetchAll(
                db,
                sql:
                    "SELECT line, quarter, province_code, total_staff, it_engineers, raw FROM staffing_fact ORDER BY rowid"
            )
            #expect(rows.count == 130)
            #expect(rows.map { $0["line"] as Int } == Array(2..<132))
            #expect(rows.allSatisfy { $0["quarter"] as String == "2026-Q3" && $0["province_code"] as String == "79" })
            #expect(rows.map { $0["total_staff"] as Int } == Array(2..<132))
            #expect(rows.first?["raw"] as String? == #"{"total_staff":"2,0"}"#)
            #expect(rows.dropFirst().allSatisfy { $0["raw"] as String? == nil && $0["it_engineers"] as Int? == nil })
        }
    }

    /// A step SQLite refuses (here a fact for a file the ledger does not hold) throws its error.
    @Test func aRefusedStepThrowsSQLitesError() throws {
        let warehouse = try Warehouse()
        #expect(throws: DatabaseError.self) {
            try warehouse.write { db in
                let writer = try FactWriter(
                    schema: Dataset.staffing.schema, fileID: 999, quarter: Period(year: 2026, quarter: 3)!,
                    provinceCode: "79", db: db)
                try writer.insert(
                    FactWriter.Row(
                        line: 2, values: [.text("79"), .integer(1), .integer(1), .integer(1), .null], raw: nil))
                try writer.finish()
            }
        }
    }
}
