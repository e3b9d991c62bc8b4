import Foundation
import GRDB
import Testing

/// `aggregate` reads the facts through TEMP views over a keyed snapshot of `return_scope`, not through
/// the `*_in_scope` views an analyst queries (`ScopeSnapshot.install`): it must find the same figures.
struct AggregateScopeTests {
    @Test func indicatorsStoredByAggregateAreWhatTheViewsGive() throws {
        let workdir = try Workdir()
        // Two quarters and their year: stocks come from the year's last quarter, flows from both.
        let options = [
            "--out", "inbox", "--seed", "5", "--periods", "2026-Q2,2026-Q3", "--error-share", "0.1",
            "--pipeline", repositoryRoot + "/pipelines/nightly.yaml",
        ]
        #expect(try workdir.run(["sample"] + options).status == 0)
        try workdir.vksict("run")
        let folder = repositoryRoot + "/pipelines/indicators"
        let definitions = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".sql") }
            .sorted()
        let database = try DatabaseQueue(path: workdir.path + "/warehouse.sqlite")
        var compared = 0
        try database.read { db in
            for file in definitions {
                let id = String(file.prefix { $0 != "_" })
                let sql = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
                let direct = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT period, province_code, numerator, denominator FROM (\n\(sql)\n) WHERE province_code != '00'
                        """)
                let stored = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT period, province_code, numerator, denominator FROM indicator_value
                        WHERE indicator = ? AND province_code != '00'
                        """, arguments: [id])
                let key = { (row: Row) in "\(row[0] as String)/\(row[1] as String)" }
                let storedByKey = Dictionary(uniqueKeysWithValues: stored.map { (key($0), $0) })
                // Every province has a row; one the definition gave nothing for has no figures.
                let given = Set(direct.map(key))
                for row in stored where !given.contains(key(row)) {
                    #expect(row[2] as Double? == nil && row[3] as Double? == nil, "\(id) \(key(row))")
                }
                for row in direct {
                    let other = try #require(storedByKey[key(row)], "\(id) \(key(row))")
                    for column in [2, 3] {
                        let mine = row[column] as Double?
                        let theirs = other[column] as Double?
                        // Exact sums in SQLite's integers; a relative 1e-12 leaves room for a REAL sum
                        // taken in another row order.
                        #expect((mine == nil) == (theirs == nil), "\(id) \(key(row))")
                        if let mine, let theirs {
                            #expect(abs(mine - theirs) <= 1e-12 * max(1, abs(mine)), "\(id) \(key(row))")
                        }
                    }
                    compared += 1
                }
            }
        }
        #expect(compared > 34 * 3 * 10)  // three periods, most provinces, fifteen definitions
    }
}
