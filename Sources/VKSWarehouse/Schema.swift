import GRDB

/// The warehouse schema, changed only by appending named migrations (never by editing one that
/// shipped): each migration's text is frozen in its own file under `Migrations/`.
public enum Schema {
    public static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-foundation") { db in
            try db.execute(sql: V1Foundation.sql)
        }
        migrator.registerMigration("v2-returns") { db in
            try db.execute(sql: V2Returns.sql)
        }
        migrator.registerMigration("v3-ledger") { db in
            try db.execute(sql: V3Ledger.sql)
        }
        migrator.registerMigration("v4-expected-returns") { db in
            try db.execute(sql: V4ExpectedReturns.sql)
        }
        migrator.registerMigration("v5-province-changes") { db in
            try db.execute(sql: V5ProvinceChanges.sql)
        }
        migrator.registerMigration("v6-definition-digests") { db in
            // For a while main carried these in v5's own text: warehouses made then have them already.
            try db.execute(sql: V6DefinitionDigests.sql)
            if try db.columns(in: "feedback_file").contains(where: { $0.name == "size" }) {
                try db.execute(sql: V6DefinitionDigests.feedbackLayoutVersion)
            }
        }
        migrator.registerMigration("v7-return-rollups") { db in
            try db.execute(sql: V7ReturnRollups.sql)
            for definition in RollupDefinition.asOfV7 { try ReturnRollup.rebuild(definition, db) }
        }
        migrator.registerMigration("v8-deliveries") { db in
            try db.execute(sql: V8Deliveries.sql)
        }
        migrator.registerMigration("v9-current-findings") { db in
            try db.execute(sql: V9CurrentFindings.sql)
        }
        migrator.registerMigration("v10-misnamed-files") { db in
            try db.execute(sql: V10MisnamedFiles.sql)
        }
        return migrator
    }

    /// Names of the migrations, in order, for `vksict status` and tests.
    public static var migrationNames: [String] { migrator.migrations }

    /// Every migration's text, in order, for the test that keeps shipped migrations frozen.
    static let texts: [(name: String, sql: String)] = [
        ("v1-foundation", V1Foundation.sql), ("v2-returns", V2Returns.sql), ("v3-ledger", V3Ledger.sql),
        ("v4-expected-returns", V4ExpectedReturns.sql), ("v5-province-changes", V5ProvinceChanges.sql),
        ("v6-definition-digests", V6DefinitionDigests.sql + V6DefinitionDigests.feedbackLayoutVersion),
        ("v7-return-rollups", V7ReturnRollups.sql), ("v8-deliveries", V8Deliveries.sql),
        ("v9-current-findings", V9CurrentFindings.sql), ("v10-misnamed-files", V10MisnamedFiles.sql),
    ]
}
