import Foundation
import GRDB
import Testing

/// `run` loads the rows as `validate` checks them; an analyst runs the stages one by one, where
/// `normalize` reads the files again. Both must leave the same warehouse and the same exports.
struct LoadingWhileCheckingTests {
    @Test func runLeavesWhatTheStagesOneByOneLeave() throws {
        let together = try Workdir()
        let apart = try Workdir()
        for workdir in [together, apart] {
            try HandInbox.deliver(to: workdir)
            try workdir.deliver(
                "79/revised/79_2026-Q3_staffing.csv",
                "unit_code,total_staff,procurators,it_staff,it_engineers\n79,250,40,4,2\n79-01,50,20,2,\n")
        }
        let run = try together.vksict("run")
        #expect(run.status == 65)
        #expect(run.stderr.contains("normalize: 0 tệp"))
        for stage in ["ingest", "validate", "normalize", "aggregate", "export"] { try apart.vksict(stage) }

        let queries =
            [
                "staffing_fact", "hardware_fact", "software_fact", "spending_fact", "return_total", "file_return",
                "finding",
            ].map { "SELECT rowid, * FROM \($0) ORDER BY rowid" }
            + ["indicator_value", "aggregate_table_row", "period_state"].map { "SELECT * FROM \($0) ORDER BY 1, 2, 3" }
            + [
                """
                SELECT id, sha256, name, status, encoding, delimiter, validated_at, rows_total, rows_rejected, errors, warnings,
                       on_time, loaded_at FROM received_file ORDER BY id
                """
            ]
        let contents = try [together, apart].map { workdir in
            try DatabaseQueue(path: workdir.path + "/warehouse.sqlite").read { db in
                try queries.map { try Row.fetchAll(db, sql: $0).map(\.description) }
            }
        }
        for (query, (loadedWhileChecking, loadedAfter)) in zip(queries, zip(contents[0], contents[1])) {
            #expect(loadedWhileChecking == loadedAfter, "\(query)")
        }
        #expect(contents[0][1].count == 4)  // hardware: 79's three rows and 04's; none of 01's rejected file

        let exports = try FileManager.default.subpathsOfDirectory(atPath: together.exports).sorted()
        #expect(exports == (try FileManager.default.subpathsOfDirectory(atPath: apart.exports).sorted()))
        for file in exports where file.hasSuffix(".gz") || file.hasSuffix(".csv") {
            #expect(try together.bytes("exports/" + file) == (try apart.bytes("exports/" + file)), "\(file)")
        }
    }
}
