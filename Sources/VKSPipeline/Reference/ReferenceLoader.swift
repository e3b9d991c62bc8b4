import GRDB
import VKSWarehouse

/// Keeps the warehouse's reference tables equal to `pipelines/reference/`.
///
/// Reloads only when the content hash changed. A change re-aggregates every period, since
/// indicators depend on it (the core software list, for one), and sends every delivery of an open
/// quarter that has errors back to validation (SPEC §5): the unit or alias Cục 2 just added may be
/// what it lacked. Returns how many deliveries go back.
enum ReferenceLoader {
    @discardableResult
    static func synchronise(_ reference: ReferenceData, into warehouse: Warehouse, at time: String) throws -> Int {
        try warehouse.write { db in
            let loaded = try String.fetchOne(
                db, sql: "SELECT sha256 FROM reference_version ORDER BY loaded_at DESC, rowid DESC LIMIT 1")
            guard loaded != reference.sha256 else { return 0 }
            for table in ["code_list", "unit", "former_province", "province"] {
                try db.execute(sql: "DELETE FROM \(table)")
            }
            for province in reference.provinces {
                try db.execute(
                    sql: "INSERT INTO province (code, name, short_name) VALUES (?, ?, ?)",
                    arguments: [province.code, province.name, province.shortName])
            }
            for former in reference.formerProvinces {
                try db.execute(
                    sql:
                        "INSERT INTO former_province (old_code, old_name, new_code, effective_from) VALUES (?, ?, ?, ?)",
                    arguments: [former.oldCode, former.oldName, former.newCode, former.effectiveFrom])
            }
            for unit in reference.units {
                try db.execute(
                    sql: """
                        INSERT INTO unit (code, name, province_code, level, active_from, active_to) VALUES (?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        unit.code, unit.name, unit.provinceCode, unit.level,
                        unit.activeFrom?.description, unit.activeTo?.description,
                    ])
            }
            for (name, list) in reference.codeLists {
                for entry in list.entries {
                    let core = entry.attributes["core"].map { $0 == "yes" ? 1 : 0 }
                    let factor = entry.attributes["factor"].flatMap { Int64($0) }
                    try db.execute(
                        sql: """
                            INSERT INTO code_list (list, code, name, aliases, core, factor) VALUES (?, ?, ?, ?, ?, ?)
                            """,
                        arguments: [
                            name.rawValue, entry.code, entry.name, entry.aliases.joined(separator: "|"), core, factor,
                        ])
                }
            }
            try db.execute(
                sql: "INSERT OR REPLACE INTO reference_version (sha256, loaded_at) VALUES (?, ?)",
                arguments: [reference.sha256, time])
            try PeriodState.markForAggregate(Set(try PeriodState.allPeriods(db)), db)
            return try Ledger.requeueForRecheck(periods: nil, province: nil, db)
        }
    }
}
