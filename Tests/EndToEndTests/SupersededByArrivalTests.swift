import Foundation
import GRDB
import Glibc
import Testing

/// Which findings are current follows arrival, not the order files were checked in.
struct SupersededByArrivalTests {
    /// A file that arrived before the current version, but was taken in later (the transport's record
    /// dates it earlier), is history at once: its errors are nothing to fix.
    @Test func anOlderArrivalCheckedLaterIsHistoryAtOnce() throws {
        let workdir = try Workdir()
        try workdir.deliver(
            "lan-2/79_2026-Q3_staffing.csv", "unit_code,total_staff,procurators,it_staff\n79,100,40,4\n")
        try workdir.deliver(
            "arrivals.csv", "path,arrived_at\nlan-2/79_2026-Q3_staffing.csv,2026-10-03T09:00:00+07:00\n")
        #expect(try workdir.vksict("run").status == 0)
        try workdir.deliver("lan-1/79_2026-Q3_staffing.csv", "unit_code,total_staff,procurators,it_staff\n79,-5,40,4\n")
        try workdir.deliver(
            "arrivals.csv",
            """
            path,arrived_at
            lan-2/79_2026-Q3_staffing.csv,2026-10-03T09:00:00+07:00
            lan-1/79_2026-Q3_staffing.csv,2026-10-01T09:00:00+07:00

            """)
        #expect(try workdir.vksict("run").status == 65)  // this run rejected it
        #expect(try workdir.vksict("rejections").stdout == "Không có lỗi nào.\n")
        let history = try workdir.vksict("history", "--province", "79", "--period", "2026-Q3").stdout
        #expect(history.contains("lan-1/79_2026-Q3_staffing.csv"))
        #expect(indicator(try workdir.exportRows("2026-Q3", "indicators.csv.gz"), "79", "I11") == "4")
    }
}
