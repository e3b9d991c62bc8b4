import Foundation
import GRDB
import Glibc
import Testing

/// SPEC §4's migration: a warehouse made by 4ac0cc3 (one row per content; the same bytes under
/// another name only a "sighting") becomes a ledger of deliveries without losing a row, and the
/// returns it had dropped are taken in.
struct LedgerMigrationTests {
    @Test func aWarehouseOf4ac0cc3KeepsEveryRowAndTakesInWhatItDropped() throws {
        let workdir = try Workdir()
        let fixture = repositoryRoot + "/Tests/EndToEndTests/Fixtures/warehouse-4ac0cc3"
        try FileManager.default.removeItem(atPath: workdir.inbox)
        try FileManager.default.copyItem(atPath: fixture + "/inbox", toPath: workdir.inbox)
        try FileManager.default.copyItem(atPath: fixture + "/archive", toPath: workdir.path + "/archive")
        let unzip = try workdir.runTool(
            "/bin/sh", ["-c", "gzip -dc '\(fixture)/warehouse.sqlite.gz' > warehouse.sqlite"])
        #expect(unzip.status == 0)
        let before = try ledger(workdir)
        #expect(before.count == 3)

        workdir.now = "2026-10-07T03:00:00Z"
        let run = try workdir.vksict("run")
        // The reference data changed since that warehouse was made (column_headers.csv came): its
        // rejected delivery of an open quarter is checked again, and rejected again (SPEC §5).
        #expect(run.status == 65, "\(run.stderr)")
        #expect(run.stderr.contains("01_2026-Q2_staffing.csv: 1 lỗi"))
        let after = try ledger(workdir)
        #expect(Array(after.prefix(3)) == before)  // every row as it was, same ids
        #expect(
            after.dropFirst(3).map { $0[1...3].joined(separator: " ") } == [
                "79_2026-Q3_staffing.csv accepted 2026-10-05T03:00:00Z",
                "renamed/01_2026-Q3_hardware.csv accepted 2026-10-06T03:00:00Z",
            ])
        let status = try workdir.vksict("status", "--format", "csv", "--period", "2026-Q3").stdout
        #expect(status.contains("2026-Q3,79,Thành phố Hồ Chí Minh,staffing,accepted,1"))
        #expect(status.contains("2026-Q3,01,Thành phố Hà Nội,hardware,accepted,1"))
        // A second night takes nothing again.
        #expect(try workdir.vksict("run").stderr.contains("ingest: 0 tệp"))
    }

    private func ledger(_ workdir: Workdir) throws -> [[String]] {
        let database = try DatabaseQueue(path: workdir.path + "/warehouse.sqlite")
        return try database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT CAST(id AS TEXT), name, status, arrived_at, sha256 FROM received_file ORDER BY id
                    """
            ).map { row in (0..<5).map { row[$0] as String } }
        }
    }
}
