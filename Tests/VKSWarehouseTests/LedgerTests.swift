import GRDB
import Testing
import VKSModel

@testable import VKSWarehouse

/// The ledger's own questions, on an in-memory warehouse.
struct LedgerTests {
    func deliver(
        _ name: String, sha: String, arrived: String, status: ReceivedFile.Status, errors: Int = 0,
        _ db: Database
    ) throws -> ReceivedFile {
        var file = ReceivedFile(sha256: sha, name: name, size: 1, arrivedAt: arrived, runId: "r")
        file.nameProvinceCode = "79"
        file.provinceCode = "79"
        file.period = "2026-Q3"
        file.dataset = .staffing
        file.status = status
        file.errors = errors
        try file.insert(db)
        return file
    }

    /// Re-checks take the rejected deliveries whose findings are current: not one a later accepted
    /// delivery replaced, not one of a closed quarter, not an accepted one.
    @Test func requeueTakesOnlyRejectedDeliveriesStillToFix() throws {
        let warehouse = try Warehouse()
        try warehouse.write { db in
            let replaced = try deliver(
                "a.csv", sha: "1", arrived: "2026-10-01T00:00:00Z", status: .rejected, errors: 1, db)
            let current = try deliver("b.csv", sha: "2", arrived: "2026-10-02T00:00:00Z", status: .accepted, db)
            try FileReturn(fileId: current.id!, dataset: .staffing, rowsTotal: 1, rowsRejected: 0).insert(db)
            try ReturnStore.makeCurrent(
                fileID: current.id!, dataset: .staffing, rowsLoaded: 1, nameProvinceCode: "79",
                period: "2026-Q3", db)
            let toFix = try deliver(
                "c.csv", sha: "3", arrived: "2026-10-03T00:00:00Z", status: .rejected, errors: 2, db)
            #expect(try Ledger.requeueForRecheck(periods: ["2026"], province: "79", db) == 1)
            let statuses = try Dictionary(uniqueKeysWithValues: ReceivedFile.fetchAll(db).map { ($0.id!, $0.status) })
            #expect(statuses == [replaced.id!: .rejected, current.id!: .accepted, toFix.id!: .received])
            #expect(try Ledger.requeueForRecheck(periods: ["2026-Q2"], province: nil, db) == 0)
        }
    }

    /// SPEC §4: a delivery is a file at a path. The same bytes under another name are another row;
    /// what ingest compares an inbox file with is the last delivery from its own path.
    @Test func theSameBytesUnderAnotherNameAreAnotherDelivery() throws {
        let warehouse = try Warehouse()
        try warehouse.write { db in
            func deliver(_ sha: String, _ name: String, _ day: Int, period: Period) throws -> ReceivedFile {
                var file = ReceivedFile(
                    sha256: sha, name: name, size: 10, arrivedAt: "2026-10-0\(day)T00:00:00Z", runId: "r\(day)")
                file.nameProvinceCode = "79"
                file.period = period
                file.dataset = .staffing
                try file.insert(db)
                return file
            }
            let q2 = try deliver("ab", "79_2026-Q2_staffing.csv", 1, period: "2026-Q2")
            let q3 = try deliver("ab", "79_2026-Q3_staffing.csv", 2, period: "2026-Q3")
            _ = try deliver("cd", "79_2026-Q3_staffing.csv", 3, period: "2026-Q3")
            #expect(q3.id == 2)
            #expect(try Ledger.lastDelivery(path: "79_2026-Q3_staffing.csv", db)?.sha256 == "cd")
            #expect(try Ledger.lastDelivery(path: "elsewhere.csv", db) == nil)
            #expect(try Ledger.knows(sha256: "ab", db))
            #expect(!(try Ledger.knows(sha256: "ef", db)))
            // The earlier delivery of the same bytes for another return, for W_REPEATED_FILE; none for the first.
            #expect(try Ledger.earlierDeliveryOfTheSameBytes(for: q3, db)?.id == q2.id)
            #expect(try Ledger.earlierDeliveryOfTheSameBytes(for: q2, db) == nil)
        }
    }
}
