import Foundation
import GRDB
import Testing

/// What a run leaves in the warehouse and the archive, read back directly.
struct WarehouseContentsTests {
    @Test func ledgerArchiveFactsAndRunLog() throws {
        let workdir = try Workdir()
        try HandInbox.deliver(to: workdir)
        try workdir.vksict("run")
        try workdir.deliver(
            "79/revised/79_2026-Q3_staffing.csv",
            "unit_code,total_staff,procurators,it_staff,it_engineers\n79,250,40,4,2\n79-01,50,20,2,\n")
        try workdir.vksict("run")
        let database = try DatabaseQueue(path: workdir.path + "/warehouse.sqlite")
        try database.read { db in
            // Every file in the ledger, the bytes archived under their SHA-256.
            let files = try Row.fetchAll(db, sql: "SELECT * FROM received_file ORDER BY id")
            #expect(files.count == 10)
            for file in files {
                let sha: String = file["sha256"]
                let archived = try workdir.bytes("archive/\(sha.prefix(2))/\(sha)")
                #expect(
                    archived
                        == (try Data(contentsOf: URL(fileURLWithPath: workdir.inbox + "/" + (file["name"] as String)))))
            }
            let software = try #require(files.first { $0["name"] == "79/79_2026-Q3_software.csv" })
            #expect(software["delimiter"] as String == "semicolon")
            #expect(software["encoding"] as String == "UTF-8")
            #expect(software["status"] as String == "accepted")
            #expect(software["province_code"] as String == "79")
            #expect(software["on_time"] as Bool)
            // The revision supersedes the first staffing file, which stays in history.
            let first = try #require(files.first { $0["name"] == "79/79_2026-Q3_staffing.csv" })
            let revision = try #require(files.first { $0["name"] == "79/revised/79_2026-Q3_staffing.csv" })
            let firstID: Int64 = first["id"]
            let revisionID: Int64 = revision["id"]
            let returns = try Row.fetchAll(
                db, sql: "SELECT file_id, is_current, supersedes FROM file_return WHERE file_id IN (?, ?)",
                arguments: [firstID, revisionID])
            let newer = try #require(returns.first { $0["file_id"] == revisionID })
            let older = try #require(returns.first { $0["file_id"] == firstID })
            #expect(newer["supersedes"] as Int64? == firstID)
            #expect(newer["is_current"] as Bool)
            #expect(!(older["is_current"] as Bool))

            // Facts load without SQLite's per-row foreign-key check: every reference must still hold.
            #expect(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").isEmpty)

            // Facts point at their file and line; the raw cell is kept where it differs.
            let spending = try Row.fetchAll(
                db,
                sql: """
                    SELECT f.line, f.spent, f.amount_unit, f.raw FROM spending_fact f
                    JOIN received_file r ON r.id = f.file_id WHERE r.name = '79/79_2026-Q3_spending.csv' ORDER BY f.line
                    """)
            #expect(spending.map { $0["line"] as Int } == [2, 3])
            #expect(spending[0]["spent"] as Int64 == 90_500_000)
            #expect(spending[0]["amount_unit"] as String == "trieu_dong")
            #expect((spending[0]["raw"] as String?)?.contains("\"spent\":\"90,5\"") == true)

            // Findings of the rejected file, with line, column and the value as written.
            let finding = try #require(
                try Row.fetchOne(
                    db,
                    sql: """
                        SELECT f.* FROM finding f JOIN received_file r ON r.id = f.file_id
                        WHERE r.name = '01/01_2026-Q3_hardware.csv' AND f.severity = 'error'
                        """))
            let code: String = finding["code"]
            let line: Int = finding["line"]
            let column: String = finding["column_name"]
            #expect(code == "E_RANGE")
            #expect(line == 3)
            #expect(column == "quantity")
            #expect(finding["value"] as String == "-2")

            // Two runs, five stages each, in the run log.
            let log = try Row.fetchAll(db, sql: "SELECT run_id, stage, outcome FROM run_log ORDER BY started_at, rowid")
            #expect(log.count == 10)
            #expect(
                Set(log.map { $0["stage"] as String }) == ["ingest", "validate", "normalize", "aggregate", "export"])
            #expect(log.allSatisfy { ($0["outcome"] as String) == "ok" })
            #expect(Set(log.map { $0["run_id"] as String }).count == 2)
        }
    }

    /// The rollups the shipped indicators and tables read hold each return's facts summed as SQL
    /// sums them (a blank is NULL, its row still counted); a revision brings its own, the version it
    /// supersedes keeps its rollup beside its facts, and a load done again replaces its file's.
    @Test func rollupsAreEachReturnsFactsSummed() throws {
        let workdir = try Workdir()
        try HandInbox.deliver(to: workdir)
        try workdir.vksict("run")
        try workdir.deliver(
            "79/revised/79_2026-Q3_spending.csv",
            """
            unit_code,category,funding_source,allocated,spent,amount_unit,project_code
            79,hardware,central,100,80,trieu_dong,
            79-01,hardware,central,5,5,trieu_dong,

            """)
        try workdir.vksict("run")
        let database = try DatabaseQueue(path: workdir.path + "/warehouse.sqlite")
        // A load that is done again (here by hand) replaces the file's rollup, as it does its facts.
        try database.write { db in
            try db.execute(
                sql: "UPDATE received_file SET loaded_at = NULL WHERE name = '79/revised/79_2026-Q3_spending.csv'")
        }
        #expect(try workdir.vksict("normalize").status == 0)
        try database.read { db in
            let spending = try String.fetchAll(
                db,
                sql: """
                    SELECT r.name || ' ' || category || ' ' || funding_source || ' ' || rows || ' ' || allocated || ' ' || spent
                    FROM spending_rollup JOIN received_file r ON r.id = file_id ORDER BY r.name, category, funding_source
                    """)
            #expect(
                spending == [
                    "79/79_2026-Q3_spending.csv hardware central 1 100000000 90500000",
                    "79/79_2026-Q3_spending.csv training local 1 20000000 10000000",
                    "79/revised/79_2026-Q3_spending.csv hardware central 2 105000000 85000000",
                ])
            let hardware04 = try Row.fetchAll(
                db,
                sql: """
                    SELECT category, acquired_year, rows, quantity, in_use, broken, protected FROM hardware_rollup
                    JOIN received_file r ON r.id = file_id WHERE r.name = '04/04_2026-Q3_hardware.csv'
                    """)
            #expect(
                hardware04.map(\.description) == [
                    "[category:\"desktop\" acquired_year:2020 rows:1 quantity:10 in_use:8 broken:NULL protected:NULL]"
                ])
            // Every file's rollup is its facts grouped by SQL, no row more, no row less.
            func differences(_ grouped: String, _ rollup: String) throws -> [Int?] {
                [
                    try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM (\(grouped) EXCEPT SELECT * FROM \(rollup))"),
                    try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM (SELECT * FROM \(rollup) EXCEPT \(grouped))"),
                ]
            }
            #expect(
                try differences(
                    """
                    SELECT file_id, category, acquired_year, COUNT(*), SUM(quantity), SUM(in_use), SUM(broken), SUM(protected)
                    FROM hardware_fact GROUP BY file_id, category, acquired_year
                    """, "hardware_rollup") == [0, 0])
            #expect(
                try differences(
                    """
                    SELECT file_id, category, funding_source, COUNT(*), SUM(allocated), SUM(spent)
                    FROM spending_fact GROUP BY file_id, category, funding_source
                    """, "spending_rollup") == [0, 0])
        }
    }

    @Test func changedReferenceDataIsRecordedAndReaggregates() throws {
        let workdir = try Workdir()
        let reference = try workdir.useOwnReferenceData()
        try HandInbox.deliver(to: workdir)
        try workdir.vksict("run")
        #expect(indicator(try workdir.exportRows("2026-Q3", "indicators.csv.gz"), "79", "I05") == "0.3")

        // Accounting software becomes core: six core systems, and 79 uses KETOAN at one unit of two.
        let catalog = reference + "/software_catalog.csv"
        let edited = try String(contentsOfFile: catalog, encoding: .utf8)
            .replacingOccurrences(of: "KETOAN,Kế toán,no", with: "KETOAN,Kế toán,yes")
        try edited.write(toFile: catalog, atomically: true, encoding: .utf8)
        let outcome = try workdir.vksict("run")
        #expect(outcome.stderr.contains("aggregate: 2 tệp"))  // 2026-Q3 and 2026 recomputed
        #expect(indicator(try workdir.exportRows("2026-Q3", "indicators.csv.gz"), "79", "I05") == "0.333333")  // 4 / 12

        let database = try DatabaseQueue(path: workdir.path + "/warehouse.sqlite")
        let versions = try database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM reference_version") }
        #expect(versions == 2)
    }
}
