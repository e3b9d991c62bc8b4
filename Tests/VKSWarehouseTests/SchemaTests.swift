import Foundation
import GRDB
import Testing

@testable import VKSWarehouse

struct SchemaTests {
    @Test func migrationsAreNamedAndApplied() throws {
        let warehouse = try Warehouse()
        let applied = try warehouse.read { try Schema.migrator.appliedMigrations($0) }
        #expect(
            applied == [
                "v1-foundation", "v2-returns", "v3-ledger", "v4-expected-returns", "v5-province-changes",
                "v6-definition-digests", "v7-return-rollups", "v8-deliveries",
                "v9-current-findings", "v10-misnamed-files",
            ])
        #expect(Schema.migrationNames == applied)
    }

    /// A warehouse made before XML submissions keeps its history: currency moves to file_return,
    /// findings learn their dataset.
    @Test func v2MovesReturnsOutOfTheLedger() throws {
        let database = try DatabaseQueue()
        try Schema.migrator.migrate(database, upTo: "v1-foundation")
        try database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO received_file (id, sha256, name, size, arrived_at, run_id, period, dataset, status,
                                               rows_total, rows_rejected, is_current, supersedes)
                    VALUES (1, 'a', 'old.csv', 1, 't', 'r', '2026-Q3', 'hardware', 'accepted', 10, 0, 0, NULL),
                           (2, 'b', 'new.csv', 1, 't', 'r', '2026-Q3', 'hardware', 'accepted', 12, 0, 1, 1),
                           (3, 'c', 'bad.csv', 1, 't', 'r', '2026-Q3', 'staffing', 'rejected', 3, 3, 0, NULL),
                           (4, 'd', 'new-arrival.csv', 1, 't', 'r', '2026-Q3', 'staffing', 'received', NULL, NULL, 0, NULL);
                    INSERT INTO finding (file_id, code, severity, message) VALUES (3, 'E_RANGE', 'error', 'x');
                    """)
        }
        try Schema.migrator.migrate(database)
        try database.read { db in
            let returns = try Row.fetchAll(
                db, sql: "SELECT file_id, dataset, is_current, supersedes, rows_total FROM file_return ORDER BY file_id"
            )
            #expect(
                returns.map {
                    "\($0[0] as Int64):\($0[1] as String):\($0[2] as Int):\($0[3] as Int64? ?? 0):\($0[4] as Int)"
                }
                    == ["1:hardware:0:0:10", "2:hardware:1:1:12", "3:staffing:0:0:3"])
            #expect(try String.fetchOne(db, sql: "SELECT dataset FROM finding") == "staffing")
            let columns = try db.columns(in: "received_file").map(\.name)
            #expect(!columns.contains("is_current") && !columns.contains("supersedes"))
        }
    }

    /// A warehouse loaded before v5 gets the totals W_OUTLIER now reads; đồng past 2⁶³ do not stop
    /// the upgrade.
    @Test func v5TotalsTheReturnsAlreadyLoaded() throws {
        let database = try DatabaseQueue()
        try Schema.migrator.migrate(database, upTo: "v4-expected-returns")
        try database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO received_file (id, sha256, name, size, arrived_at, run_id) VALUES (1, 'a', 'a.csv', 1, 't', 'r');
                    INSERT INTO staffing_fact (file_id, line, quarter, province_code, unit_code, total_staff, procurators, it_staff)
                    VALUES (1, 2, '2026-Q3', '79', '79', 100, 40, 4), (1, 3, '2026-Q3', '79', '79-01', 50, 20, 2);
                    INSERT INTO spending_fact (file_id, line, quarter, province_code, unit_code, category, funding_source,
                                               allocated, spent, amount_unit)
                    VALUES (1, 2, '2026-Q3', '79', '79', 'hardware', 'central', 9000000000000000000, 1, 'dong'),
                           (1, 3, '2026-Q3', '79', '79', 'training', 'central', 9000000000000000000, 2, 'dong');
                    """)
        }
        try Schema.migrator.migrate(database)
        let totals = try database.read { db in
            try Row.fetchAll(db, sql: "SELECT dataset, figure, total FROM return_total ORDER BY dataset, figure")
                .map { "\($0[0] as String).\($0[1] as String)=\(($0[2] as Double?).map { String($0) } ?? "NULL")" }
        }
        #expect(
            totals == [
                "spending.allocated=1.8e+19", "spending.spent=3.0", "staffing.it_staff=6.0",
                "staffing.total_staff=150.0",
            ])
    }

    /// A warehouse made while v5 was the last migration gets the definition digests, and its recorded
    /// feedback files lose their size for a layout version none of them has: each is written again.
    @Test func v6AsksForEveryFeedbackFileOnce() throws {
        let database = try DatabaseQueue()
        try Schema.migrator.migrate(database, upTo: "v5-province-changes")
        try database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO feedback_file (period, name, sha256, rows, size)
                    VALUES ('2026-Q3', 'feedback/79_2026-Q3.csv', 'ab', 12, 3400)
                    """)
        }
        try Schema.migrator.migrate(database)
        try database.read { db in
            let file = try #require(try Row.fetchOne(db, sql: "SELECT * FROM feedback_file"))
            #expect(file["name"] as String == "feedback/79_2026-Q3.csv")
            #expect(file["rows"] as Int == 12)
            #expect(file["format"] as String == "")
            #expect(!(try db.columns(in: "feedback_file").map(\.name).contains("size")))
            #expect(try db.tableExists("aggregate_definition"))
        }
    }

    /// For a while main's v5 already made the definition digests and the layout version: such a
    /// warehouse takes v6 without error and keeps what it recorded.
    @Test func v6LeavesAWarehouseOfTheLongerV5AsItIs() throws {
        let database = try DatabaseQueue()
        try Schema.migrator.migrate(database, upTo: "v5-province-changes")
        try database.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE aggregate_definition (period TEXT NOT NULL, indicator TEXT NOT NULL, sql_sha256 TEXT NOT NULL,
                                                       PRIMARY KEY (period, indicator));
                    INSERT INTO aggregate_definition VALUES ('2026-Q3', 'I01', 'ab');
                    ALTER TABLE feedback_file DROP COLUMN size;
                    ALTER TABLE feedback_file ADD COLUMN format TEXT NOT NULL;
                    INSERT INTO feedback_file (period, name, sha256, rows, format) VALUES ('2026-Q3', 'feedback/79_2026-Q3.csv', 'ab', 12, 'v1');
                    """)
        }
        try Schema.migrator.migrate(database)
        let (format, digest) = try database.read { db in
            (
                try String.fetchOne(db, sql: "SELECT format FROM feedback_file"),
                try String.fetchOne(db, sql: "SELECT sql_sha256 FROM aggregate_definition")
            )
        }
        #expect(format == "v1")
        #expect(digest == "ab")
    }

    /// A warehouse loaded before v7 gets the rollups the indicators now read, summed from its facts:
    /// blanks stay NULL, and đồng past 2⁶³ go on as a REAL instead of stopping the upgrade.
    @Test func v7RollsUpTheReturnsAlreadyLoaded() throws {
        let database = try DatabaseQueue()
        try Schema.migrator.migrate(database, upTo: "v6-definition-digests")
        try database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO received_file (id, sha256, name, size, arrived_at, run_id) VALUES (1, 'a', 'a.csv', 1, 't', 'r');
                    INSERT INTO received_file (id, sha256, name, size, arrived_at, run_id) VALUES (2, 'b', 'b.csv', 1, 't', 'r');
                    INSERT INTO hardware_fact (file_id, line, quarter, province_code, unit_code, category, quantity, in_use, broken,
                                               acquired_year, funding_source, protected)
                    VALUES (1, 2, '2026-Q3', '79', '79', 'desktop', 10, 8, NULL, 2020, 'central', 6),
                           (1, 3, '2026-Q3', '79', '79-01', 'desktop', 5, 5, NULL, 2020, 'local', NULL),
                           (1, 4, '2026-Q3', '79', '79', 'desktop', 2, 1, 1, 2024, 'central', NULL),
                           (2, 2, '2026-Q3', '01', '01', 'desktop', 3, 3, 0, 2020, 'central', 3);
                    INSERT INTO spending_fact (file_id, line, quarter, province_code, unit_code, category, funding_source,
                                               allocated, spent, amount_unit)
                    VALUES (1, 2, '2026-Q3', '79', '79', 'hardware', 'central', 9000000000000000000, 1, 'dong'),
                           (1, 3, '2026-Q3', '79', '79', 'hardware', 'central', 9000000000000000000, 2, 'dong'),
                           (1, 4, '2026-Q3', '79', '79', 'training', 'local', 7, 7, 'dong');
                    """)
        }
        try Schema.migrator.migrate(database)
        let (hardware, spending) = try database.read { db in
            (
                try Row.fetchAll(db, sql: "SELECT * FROM hardware_rollup ORDER BY file_id, category, acquired_year")
                    .map(\.description),
                try Row.fetchAll(db, sql: "SELECT * FROM spending_rollup ORDER BY file_id, category, funding_source")
                    .map(\.description)
            )
        }
        #expect(
            hardware == [
                "[file_id:1 category:\"desktop\" acquired_year:2020 rows:2 quantity:15 in_use:13 broken:NULL protected:6]",
                "[file_id:1 category:\"desktop\" acquired_year:2024 rows:1 quantity:2 in_use:1 broken:1 protected:NULL]",
                "[file_id:2 category:\"desktop\" acquired_year:2020 rows:1 quantity:3 in_use:3 broken:0 protected:3]",
            ])
        #expect(
            spending == [
                "[file_id:1 category:\"hardware\" funding_source:\"central\" rows:2 allocated:1.8e+19 spent:3]",
                "[file_id:1 category:\"training\" funding_source:\"local\" rows:1 allocated:7 spent:7]",
            ])
    }

    /// The rollup tables have the columns the loading code writes: the file, the two keys, the row
    /// count and the sums, in that order.
    @Test func rollupTablesMatchTheirDefinitions() throws {
        let database = try DatabaseQueue()
        try Schema.migrator.migrate(database)
        try database.read { db in
            for definition in RollupDefinition.all {
                let columns = try db.columns(in: definition.table).map(\.name)
                #expect(columns == ["file_id", definition.keys.0, definition.keys.1, "rows"] + definition.sums)
            }
        }
    }

    @Test func foreignKeysAreEnforced() throws {
        let warehouse = try Warehouse()
        #expect(throws: DatabaseError.self) {
            try warehouse.write { db in
                try db.execute(
                    sql: "INSERT INTO finding (file_id, code, severity, message) VALUES (42, 'E_CODE', 'error', 'x')")
            }
        }
    }

    @Test func fileWarehouseUsesWAL() throws {
        let folder = NSTemporaryDirectory() + "vksict-wal-\(UUID().uuidString)"
        let warehouse = try Warehouse(path: folder + "/w.sqlite")
        let mode = try warehouse.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        // Opening again runs no migration twice.
        _ = try Warehouse(path: folder + "/w.sqlite")
    }
}
