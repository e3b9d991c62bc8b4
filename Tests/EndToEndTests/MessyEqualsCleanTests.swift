import Foundation
import GRDB
import Glibc
import Testing

/// Issue 3's promise: the same data sent in every style provinces write gives exactly the facts and
/// indicators of the same data sent as clean UTF-8.
struct MessyEqualsCleanTests {
    @Test func everyStyleGivesTheIndicatorsOfTheCleanFiles() throws {
        let clean = try Workdir()
        let messy = try Workdir()
        for (workdir, share) in [(clean, "0"), (messy, "1")] {
            let sample = try workdir.run([
                "sample", "--out", "inbox", "--seed", "11", "--periods", "2025-Q2,2026-Q3",
                "--error-share", "0", "--messy-share", share,
                "--pipeline", repositoryRoot + "/pipelines/nightly.yaml",
            ])
            #expect(sample.status == 0, "\(sample.stderr)")
            let run = try workdir.vksict("run")
            #expect(run.status == 0, "\(run.stderr)")
        }
        // The messy inbox really is messy: every encoding, delimiter and gzip occur in it.
        let database = try DatabaseQueue(path: messy.path + "/warehouse.sqlite")
        let (encodings, delimiters, formats) = try database.read { db in
            (
                try String.fetchAll(db, sql: "SELECT DISTINCT encoding FROM received_file ORDER BY 1"),
                try String.fetchAll(db, sql: "SELECT DISTINCT delimiter FROM received_file ORDER BY 1"),
                try String.fetchAll(db, sql: "SELECT DISTINCT format FROM received_file ORDER BY 1")
            )
        }
        #expect(encodings == ["CP1258", "TCVN3", "UTF-16BE", "UTF-16LE", "UTF-8 (BOM)"])
        #expect(delimiters == ["semicolon", "tab"])
        #expect(formats == ["csv", "csv.gz"])
        for period in ["2025-Q2", "2026-Q3", "2025", "2026"] {
            for name in ["indicators", "hardware_by_category", "spending_by_category", "software_adoption"] {
                let path = "exports/\(period)/\(name).csv.gz"
                #expect(try clean.bytes(path) == messy.bytes(path), "\(path)")
            }
        }
    }
}
