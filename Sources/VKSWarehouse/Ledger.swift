import GRDB
import VKSModel

/// Reading and updating the ledger.
public enum Ledger {
    /// The delivery last taken in from an inbox path: a file is new when its bytes differ from these.
    public static func lastDelivery(path: String, _ db: Database) throws -> ReceivedFile? {
        // Asked once per inbox file every night: the statements are prepared once.
        // In the order revisions are decided in: a delivery adopted from a v7 sighting has a new id but
        // its old arrival.
        try ReceivedFile.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT * FROM received_file WHERE name = ? ORDER BY arrived_at DESC, id DESC LIMIT 1
                    """), arguments: [path])
    }

    /// Whether any delivery brought these bytes (they are in the archive then).
    public static func knows(sha256: String, _ db: Database) throws -> Bool {
        try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM received_file WHERE sha256 = ?)"),
            arguments: [sha256]) ?? false
    }

    /// The first delivery before `file` (by arrival, then ledger order) that brought the same bytes for
    /// another return than `file`'s, named by its file name: what `W_REPEATED_FILE` points at.
    public static func earlierDeliveryOfTheSameBytes(for file: ReceivedFile, _ db: Database) throws -> ReceivedFile? {
        let earlier = try ReceivedFile.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT * FROM received_file
                    WHERE sha256 = ? AND id <> ? AND (arrived_at < ? OR (arrived_at = ? AND id < ?)) AND period IS NOT NULL
                    ORDER BY arrived_at, id
                    """), arguments: [file.sha256, file.id, file.arrivedAt, file.arrivedAt, file.id])
        return earlier.first {
            ($0.nameProvinceCode, $0.period, $0.dataset) != (file.nameProvinceCode, file.period, file.dataset)
        }
    }

    /// Sends back to validation every rejected delivery whose findings are current, in open quarters
    /// (narrowed by `periods`, quarters or years, and today's `province` when given): after a reference
    /// change, a file refused for a unit or an alias Cục 2 has since added is checked again and, if it
    /// passes now, accepted with its arrival time unchanged (SPEC §5). Returns how many.
    ///
    /// Files accepted with rows held back (`quarantine_rows`) stay as they are: their returns count
    /// already, and a province sends the held-back rows again.
    public static func requeueForRecheck(periods: [ReportingPeriod]?, province: String?, _ db: Database) throws -> Int {
        let stillToFix = ReceivedFile.filter(
            sql: """
                status = 'rejected' AND errors > 0 AND period IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM period_closure c WHERE c.period = received_file.period)
                AND NOT (dataset IS NOT NULL AND id IN (SELECT file_id FROM superseded_return))
                AND NOT (dataset IS NULL AND id IN (SELECT file_id FROM superseded_submission))
                """)
        return try narrowed(stillToFix, periods: periods, province: province).updateAll(
            db, Column("status").set(to: ReceivedFile.Status.received.rawValue), Column("validated_at").set(to: nil),
            Column("validated_run_id").set(to: nil))
    }

    /// Files in a status, oldest first, narrowed by period and province (today's code) when given.
    public static func files(
        status: ReceivedFile.Status, periods: [ReportingPeriod]?, province: String?,
        _ db: Database
    ) throws -> [ReceivedFile] {
        try narrowed(ReceivedFile.filter(Column("status") == status.rawValue), periods: periods, province: province)
            .order(Column("id")).fetchAll(db)
    }

    /// Files of `periods` (quarters, or years covering their quarters) and of today's `province`, when given.
    private static func narrowed(
        _ request: QueryInterfaceRequest<ReceivedFile>, periods: [ReportingPeriod]?, province: String?
    ) -> QueryInterfaceRequest<ReceivedFile> {
        var request = request
        if let periods {
            let years = periods.filter { !$0.isQuarter }
            request = request.filter(
                periods.contains(Column("period")) || years.contains(Column("period").substr(1, 4)))
        }
        if let province { request = request.filter(Column("province_code") == province) }
        return request
    }
}

extension SQLSpecificExpressible {
    func substr(_ start: Int, _ length: Int) -> SQLExpression {
        SQL("substr(\(self), \(start), \(length))").sqlExpression
    }
}
