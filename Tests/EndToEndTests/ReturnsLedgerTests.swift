import Foundation
import Testing

/// Issue 5: the chain of a return — receipt, findings, revisions, lateness, lock — from the command line.
struct ReturnsLedgerTests {
    static let staffing = "unit_code,total_staff,procurators,it_staff,it_engineers\n79,100,40,4,2\n79-01,50,20,2,\n"

    @Test func historyShowsRevisionsDuplicatesAndWhatChanged() throws {
        let workdir = try Workdir()
        try workdir.deliver("79_2026-Q3_staffing.csv", Self.staffing)
        try workdir.vksict("run")
        // The same bytes under another name; a rejected revision; an accepted revision.
        try workdir.deliver("copy/staffing-again.csv", Self.staffing)
        try workdir.deliver("bad/79_2026-Q3_staffing.csv", "unit_code,total_staff,procurators,it_staff\n79,-5,40,4\n")
        workdir.now = "2026-10-20T03:00:00Z"
        try workdir.run(["run", workdir.pipeline])
        try workdir.deliver(
            "good/79_2026-Q3_staffing.csv",
            "unit_code,total_staff,procurators,it_staff,it_engineers\n79,120,40,4,2\n79-02,30,10,1,\n")
        try workdir.run(["run", workdir.pipeline])

        let history = try workdir.vksict("history", "--province", "79", "--period", "2026-Q3").stdout
        let lines = history.split(separator: "\n").map(String.init)
        let first = try #require(lines.firstIndex { $0.contains(" 79_2026-Q3_staffing.csv") })
        #expect(lines[first].contains("đã nhận, đã bị thay thế"))
        #expect(lines[first + 1].contains("cùng nội dung, nhận lại dưới tên copy/staffing-again.csv"))
        let rejected = try #require(lines.firstIndex { $0.contains("bad/79_2026-Q3_staffing.csv") })
        #expect(lines[rejected].contains("bị từ chối, nộp muộn  1 lỗi"))
        let current = try #require(lines.firstIndex { $0.contains("good/79_2026-Q3_staffing.csv") })
        #expect(lines[current].contains("HIỆN HÀNH, nộp muộn"))
        #expect(lines[current + 1].contains("thay thế #1"))  // a rejected revision supersedes nothing
        #expect(lines[current + 2].contains("+1 dòng, −1 dòng, 1 dòng thay đổi; total_staff 150 → 150"))
    }

    /// Files of one inbox are hashed and archived side by side: the same bytes under two paths are
    /// two deliveries (SPEC §4), stored once in the archive.
    @Test func theSameBytesTwiceInOneInboxAreTwoDeliveriesArchivedOnce() throws {
        let workdir = try Workdir()
        try workdir.deliver("79_2026-Q3_staffing.csv", Self.staffing)
        try workdir.deliver("copy/79_2026-Q3_staffing.csv", Self.staffing)
        let run = try workdir.vksict("run")
        #expect(run.stderr.contains("ingest: 2 tệp"))
        let archived = try FileManager.default.subpathsOfDirectory(atPath: workdir.path + "/archive").filter {
            $0.count > 60
        }
        #expect(archived.count == 1)
        let history = try workdir.vksict("history", "--province", "79", "--period", "2026-Q3").stdout
        #expect(history.contains("cùng nội dung, nhận lại dưới tên copy/79_2026-Q3_staffing.csv"))
    }

    @Test func aClosedQuarterTakesNoMoreFilesAndItsExportsStayByteForByte() throws {
        let workdir = try Workdir()
        let reference = try workdir.useOwnReferenceData()
        try HandInbox.deliver(to: workdir)
        try workdir.vksict("run")
        #expect(
            try workdir.run([
                "period", "close", "2026-Q3", "--reason", "báo cáo quý đã chốt", "--pipeline", workdir.pipeline,
            ]).status == 0)
        let names =
            [
                "indicators", "hardware_by_category", "spending_by_category", "software_adoption", "completeness",
                "findings",
            ].map { "exports/2026-Q3/\($0).csv.gz" } + ["exports/2026-Q3/manifest.json"]
        let frozen = try names.map { try workdir.bytes($0) }

        // A late file for the closed quarter, and a change of reference data.
        try workdir.deliver("96/96_2026-Q3_staffing.csv", "unit_code,total_staff,procurators,it_staff\n96,80,30,2\n")
        let catalog = reference + "/software_catalog.csv"
        try String(contentsOfFile: catalog, encoding: .utf8).replacingOccurrences(
            of: "KETOAN,Kế toán,no", with: "KETOAN,Kế toán,yes"
        )
        .write(toFile: catalog, atomically: true, encoding: .utf8)
        let outcome = try workdir.vksict("run")
        #expect(outcome.status == 65)
        let rejections = try workdir.vksict("rejections").stdout
        #expect(rejections.contains("96/96_2026-Q3_staffing.csv: E_PERIOD_CLOSED \"2026-Q3\""))
        try workdir.vksict("export", "--period", "2026-Q3")
        for (name, bytes) in zip(names, frozen) { #expect(try workdir.bytes(name) == bytes, "\(name)") }

        // Reopened, with a reason: the refused file is taken in by the next run.
        // a reason is required
        #expect(try workdir.run(["period", "reopen", "2026-Q3", "--pipeline", workdir.pipeline]).status == 64)
        #expect(
            try workdir.run([
                "period", "reopen", "2026-Q3", "--reason", "tỉnh 96 nộp bổ sung", "--pipeline", workdir.pipeline,
            ]).status == 0)
        #expect(try workdir.vksict("run").status == 0)
        let status = try workdir.vksict("status", "--format", "csv", "--period", "2026-Q3").stdout
        #expect(status.contains("2026-Q3,96,Tỉnh Cà Mau,staffing,accepted,1"))
        #expect(indicator(try workdir.exportRows("2026-Q3", "indicators.csv.gz"), "79", "I05") == "0.333333")
    }

    /// The deadline is the quarter's last day + 15, as a date in Vietnam (UTC+7).
    @Test(arguments: [("2026-10-15T16:59:00Z", "1"), ("2026-10-15T17:00:00Z", "0"), ("2026-10-01T00:00:00Z", "1")])
    func deadlineBoundary(_ arrival: String, _ onTime: String) throws {
        let workdir = try Workdir()
        workdir.now = arrival
        try workdir.deliver("79_2026-Q3_staffing.csv", Self.staffing)
        try workdir.vksict("run")
        let status = try workdir.vksict("status", "--format", "csv").stdout
        #expect(status.contains("2026-Q3,79,Thành phố Hồ Chí Minh,staffing,accepted,\(onTime)"))
        let rows = try workdir.exportRows("2026-Q3", "indicators.csv.gz")
        #expect(indicator(rows, "79", "I13") == "0.25")  // 1 of 4 returns
        #expect(indicator(rows, "79", "I13T") == (onTime == "1" ? "0.25" : "0"))
        #expect(indicator(rows, "00", "I13") == "0.007353")  // 1 of 34 × 4
    }

    @Test func completenessBeforeTheMergerCountsEveryFormerProvince() throws {
        let workdir = try Workdir()
        workdir.now = "2025-07-10T03:00:00Z"
        for code in ["74", "77"] {
            try workdir.deliver(
                "\(code)_2025-Q2_staffing.csv",
                "unit_code,total_staff,procurators,it_staff\n\(code),50,20,1\n")
        }
        try workdir.vksict("run")
        // Today's 79 was 74, 77 and 79: 12 returns expected, 2 came.
        #expect(indicator(try workdir.exportRows("2025-Q2", "indicators.csv.gz"), "79", "I13") == "0.166667")
    }

    @Test func compositeIndexFromTwoProvinces() throws {
        let workdir = try Workdir()
        try HandInbox.deliver(to: workdir)
        try workdir.vksict("run")
        let rows = try workdir.exportRows("2026-Q3", "indicators.csv.gz")
        // Only 79 has all seven components. I01, I02 and I11 also have 04 to scale against, and 79 is
        // the better of the two on each (score 1); I04–I07 have 79 alone (score 0.5): 100 × 5 / 7.
        #expect(indicator(rows, "79", "I14") == "71.428571")
        #expect(indicator(rows, "01", "I14") == "")
        // The nation scaled by the same ranges: I01 0.6, I02 2/3, I11 7/12, four times 0.5: 100 × 3.85 / 7.
        #expect(indicator(rows, "00", "I14") == "55")
    }

    @Test func aQuarterWithWorkLeftCannotBeClosed() throws {
        let workdir = try Workdir()
        try workdir.deliver("79_2026-Q3_staffing.csv", "unit_code,total_staff,procurators,it_staff\n79,100,40,4\n")
        try workdir.vksict("ingest")
        let refused = try workdir.run(["period", "close", "2026-Q3", "--pipeline", workdir.pipeline])
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("run `vksict run` first"))
        try workdir.vksict("run")
        #expect(try workdir.run(["period", "close", "2026-Q3", "--pipeline", workdir.pipeline]).status == 0)
    }
}
