import Foundation
import GRDB
import Glibc
import Testing

/// Issue 16, item 10: `export` never presents a file as complete that misses figures the warehouse holds.
struct StaleExportTests {
    @Test func exportBeforeNormalizeOrAggregateIsRefusedSayingWhatToRun() throws {
        let workdir = try Workdir()
        try HandInbox.deliver(to: workdir)
        try workdir.vksict("ingest")
        try workdir.vksict("validate")
        let early = try workdir.vksict("export")
        #expect(early.status == 64)
        #expect(
            early.stderr.contains("số liệu kỳ 2026, 2026-Q3 chưa được tính lại theo các tệp đã nhận, nên không xuất"))
        #expect(!FileManager.default.fileExists(atPath: workdir.exports + "/2026-Q3/indicators.csv.gz"))
        try workdir.vksict("normalize")
        #expect(try workdir.vksict("export").status == 64)
        try workdir.vksict("aggregate")
        #expect(try workdir.vksict("export").status == 0)
        #expect(indicator(try workdir.exportRows("2026-Q3", "indicators.csv.gz"), "79", "I11") == "4")
    }
}
