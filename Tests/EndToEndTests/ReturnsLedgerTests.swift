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
        #expect(run.stderr.contains("ingest: 2 files"))
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
}

/// W_OUTLIER: a province against its own history, robust to skewed and zero-heavy series.
struct OutlierTests {
    func run(totals: [String: Int], itStaff: [String: Int], extraYAML: String = "") throws -> [[String]] {
        let workdir = try Workdir()
        try (String(contentsOfFile: workdir.pipeline, encoding: .utf8) + extraYAML)
            .write(toFile: workdir.pipeline, atomically: true, encoding: .utf8)
        // Hà Nội (01), whose area the 2025 merger left as it was: its history runs straight across.
        for (quarter, total) in totals {
            try workdir.deliver(
                "01_\(quarter)_staffing.csv",
                "unit_code,total_staff,procurators,it_staff\n01,\(total),\(total / 2),\(itStaff[quarter] ?? 0)\n")
        }
        #expect(try workdir.vksict("run").status == 0)
        let found = try workdir.exportRows("2026-Q2", "findings.csv.gz").filter { $0.count > 6 && $0[6] == "W_OUTLIER" }
        // The same warnings from the command line.
        let listed = try workdir.vksict("rejections", "--warnings", "--period", "2026-Q2").stdout
        #expect(listed.components(separatedBy: "W_OUTLIER").count - 1 == found.count)
        return found
    }

    static let quarters = ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2"]
    /// One wild quarter (900) in the history: mean ± 3σ of it (262 ± 957) would let 600 through.
    static let skewed = [100, 110, 95, 900, 105]
    static let noYearOnYear = "\noutliers:\n  max_change_vs_last_year: 100\n"

    @Test func robustScoreFlagsWhatMeanAndSigmaWouldMiss() throws {
        let totals = Dictionary(uniqueKeysWithValues: zip(Self.quarters, Self.skewed + [600]))
        let found = try run(totals: totals, itStaff: [:], extraYAML: Self.noYearOnYear)
        #expect(found.count == 1)
        #expect(found.first?[5] == "total_staff")
        #expect(found.first?[8] == "600")
        #expect(found.first?[7] == "warning")
        // The message may hold commas (Vietnamese decimals): take every cell from the message on.
        let message = found.first.map { $0[9...].joined(separator: ",") } ?? ""
        #expect(message.contains("trung vị 105"))
        #expect(message.contains("độ lệch tuyệt đối trung vị 5,"))
    }

    @Test func anOrdinaryQuarterAfterAWildOneIsNotFlagged() throws {
        let totals = Dictionary(uniqueKeysWithValues: zip(Self.quarters, Self.skewed + [120]))
        #expect(try run(totals: totals, itStaff: [:], extraYAML: Self.noYearOnYear).isEmpty)
    }

    @Test func zeroHeavyHistoryGivesNoScore() throws {
        let totals = Dictionary(uniqueKeysWithValues: zip(Self.quarters, [100, 100, 100, 100, 100, 100]))
        let itStaff = ["2026-Q2": 2]  // zeros until now: no spread to judge by, and nothing last year to compare
        #expect(try run(totals: totals, itStaff: itStaff).isEmpty)
    }

    @Test func sameQuarterLastYear() throws {
        let totals = ["2025-Q2": 100, "2026-Q2": 250]
        let found = try run(totals: totals, itStaff: [:])
        #expect(found.map { $0[5] } == ["total_staff"])
        #expect(found.first.map { $0[9...].joined(separator: ",") }?.contains("gấp 2,5 lần") == true)
    }
}

struct FeedbackAndYearTests {
    @Test func eachProvinceGetsItsRowsBackWithWhatToFix() throws {
        let workdir = try Workdir()
        try HandInbox.deliver(to: workdir)
        try workdir.vksict("run")
        let bytes = try workdir.bytes("exports/2026-Q3/feedback/01_2026-Q3.csv")
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines[0].contains("tỉnh 01, kỳ 2026-Q3: 1 lỗi"))
        #expect(
            lines.contains(
                "dong,ma_loi,noi_dung_loi,unit_code,category,quantity,in_use,broken,acquired_year,funding_source,protected,unit_value"
            ))
        // The province's rows in their order, the bad one with its code and message, values as written.
        let row2 = try #require(lines.firstIndex { $0.hasPrefix("2,,,01,desktop") })
        #expect(lines[row2 + 1].hasPrefix("3,E_RANGE,\"[quantity] Giá trị ở cột"))
        #expect(lines[row2 + 1].hasSuffix(",01,laptop,'-2,0,0,2024,central,0,"))  // '-2: never a formula in Excel
        // 79's files have warnings only (aliases): it hears of them too. 96 sent nothing: no file.
        let hcm = String(decoding: try workdir.bytes("exports/2026-Q3/feedback/79_2026-Q3.csv"), as: UTF8.self)
        #expect(hcm.contains("0 lỗi, 2 cảnh báo trong 1 tệp"))  // only the files with findings
        #expect(hcm.contains("2,W_ALIAS; W_ALIAS,"))
        #expect(!FileManager.default.fileExists(atPath: workdir.exports + "/2026-Q3/feedback/96_2026-Q3.csv"))
        let manifest = String(decoding: try workdir.bytes("exports/2026-Q3/manifest.json"), as: UTF8.self)
        #expect(manifest.contains("\"name\": \"feedback/01_2026-Q3.csv\""))
    }

    @Test func aYearWithAMissingQuarterIsMarkedIncomplete() throws {
        let workdir = try Workdir()
        // 79 reports 2025-Q2 (as the former province 79), Q3 and Q4; nothing for Q1.
        let quarters = [("2025-Q2", 100, 4, 10), ("2025-Q3", 150, 6, 20), ("2025-Q4", 200, 10, 30)]
        for (quarter, total, it, spent) in quarters {
            try workdir.deliver(
                "79_\(quarter)_staffing.csv", "unit_code,total_staff,procurators,it_staff\n79,\(total),10,\(it)\n")
            try workdir.deliver(
                "79_\(quarter)_spending.csv",
                "unit_code,category,funding_source,allocated,spent\n79,hardware,central,100,\(spent)\n")
        }
        #expect(try workdir.vksict("run").status == 0)
        let rows = try workdir.exportRows("2025", "indicators.csv.gz")
        #expect(indicator(rows, "79", "I11") == "5")  // a stock: the latest quarter, 100 × 10 / 200
        #expect(indicator(rows, "79", "I09") == "0.2")  // a flow: (10 + 20 + 30) / (3 × 100)
        #expect(indicator(rows, "79", "I08") == "0.3")  // flow over stock: 60 / 200
        let coverage = try workdir.exportRows("2025", "coverage.csv.gz")
        #expect(coverage.contains(["2025", "79", "Thành phố Hồ Chí Minh", "staffing", "3", "4", "0", "2025-Q1"]))
        let manifest = String(decoding: try workdir.bytes("exports/2025/manifest.json"), as: UTF8.self)
        #expect(manifest.contains("\"complete\": false"))
    }
}

/// Fixes found in review: feedback per file version, closing only finished quarters, no phantom quarters.
struct LedgerReviewTests {
    /// SPEC §5: once a corrected file is accepted, the errors of the version it replaced are history:
    /// gone from `rejections`, the feedback file and `findings.csv.gz`, still in `history`. A later
    /// revision that is rejected again is current: it still needs fixing.
    @Test func findingsOfAReplacedVersionAreHistory() throws {
        let workdir = try Workdir()
        try workdir.deliver("79_2026-Q3_staffing.csv", "unit_code,total_staff,procurators,it_staff\n79,-5,40,4\n")
        #expect(try workdir.vksict("run").status == 65)
        #expect(FileManager.default.fileExists(atPath: workdir.exports + "/2026-Q3/feedback/79_2026-Q3.csv"))
        try workdir.deliver("79_2026-Q3_staffing.csv", "unit_code,total_staff,procurators,it_staff\n79,100,40,4\n")
        #expect(try workdir.vksict("run").status == 0)
        #expect(try workdir.vksict("rejections").stdout == "Không có lỗi nào.\n")
        #expect(!FileManager.default.fileExists(atPath: workdir.exports + "/2026-Q3/feedback/79_2026-Q3.csv"))
        #expect(try workdir.exportRows("2026-Q3", "findings.csv.gz").count == 1)  // the header alone
        let history = try workdir.vksict("history", "--province", "79", "--period", "2026-Q3").stdout
        #expect(history.contains("79_2026-Q3_staffing.csv  sha256 e55e08ed4381…  bị từ chối  1 lỗi, 0 cảnh báo"))

        try workdir.deliver(
            "lan-3/79_2026-Q3_staffing.csv", "unit_code,total_staff,procurators,it_staff\n79,100,400,4\n")
        #expect(try workdir.vksict("run").status == 65)
        let rejections = try workdir.vksict("rejections").stdout
        #expect(rejections.contains("lan-3/79_2026-Q3_staffing.csv:2: procurators: E_CONSISTENCY \"400\""))
        #expect(!rejections.contains("\"-5\""))
    }

    /// An XML submission corrected by one CSV file: that dataset's findings are history, the others'
    /// are not, and the submission's own file-level findings stay while any of its returns is current.
    @Test func aCSVCorrectionRetiresOnlyItsDatasetsFindingsOfAnXMLSubmission() throws {
        let workdir = try Workdir(onRowError: "quarantine_rows")
        try workdir.deliver(
            "79_2026-Q3.xml",
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <submission xmlns="urn:vksnd:cuc2:ict:1" province="79" period="2026-Q3" submittedAt="2026-10-01T09:00:00+07:00">
              <staffing>
                <row><unit_code>79</unit_code><total_staff>100</total_staff><procurators>400</procurators><it_staff>4</it_staff></row>
                <row><unit_code>79-01</unit_code><total_staff>50</total_staff><procurators>20</procurators><it_staff>2</it_staff></row>
              </staffing>
              <hardware>
                <row><unit_code>79</unit_code><category>desktop</category><quantity>10</quantity><in_use>12</in_use><acquired_year>2024</acquired_year><funding_source>central</funding_source></row>
                <row><unit_code>79</unit_code><category>laptop</category><quantity>5</quantity><in_use>5</in_use><acquired_year>2024</acquired_year><funding_source>central</funding_source></row>
              </hardware>
            </submission>

            """)
        try workdir.vksict("run")
        #expect(try workdir.vksict("rejections").stdout.components(separatedBy: "E_").count - 1 == 2)
        try workdir.deliver(
            "79_2026-Q3_staffing.csv", "unit_code,total_staff,procurators,it_staff\n79,100,40,4\n79-01,50,20,2\n")
        #expect(try workdir.vksict("run").status == 0)
        let rejections = try workdir.vksict("rejections").stdout
        #expect(!rejections.contains("procurators"))
        #expect(rejections.contains("79_2026-Q3.xml"))
        #expect(rejections.components(separatedBy: "E_").count - 1 == 1)
    }

    /// `rejections --run ID` lists what one run rejected; the cron summary names each rejected file
    /// and the feedback file to send its province.
    @Test func theRunSummaryNamesEachRejectedFileAndItsFeedbackFile() throws {
        let workdir = try Workdir()
        try HandInbox.deliver(to: workdir)
        try workdir.deliver("79_2026Q3_staffing.csv", "unit_code,total_staff,procurators,it_staff\n79,100,40,4\n")
        let night = try workdir.vksict("run", "--quiet")
        #expect(night.status == 65)
        let runID = try #require(
            night.stderr.split(separator: "\n").first { $0.contains("vksict rejections --run ") }?
                .components(separatedBy: "--run ").last)
        #expect(
            night.stderr.contains(
                "vksict:   01/01_2026-Q3_hardware.csv: 1 lỗi → tệp phản hồi gửi tỉnh: "
                    + workdir.exports + "/2026-Q3/feedback/01_2026-Q3.csv"))
        #expect(night.stderr.contains("vksict:   79_2026Q3_staffing.csv: 1 lỗi (E_FILE_NAME) → không có tệp phản hồi"))
        let ofTheRun = try workdir.vksict("rejections", "--run", runID).stdout
        #expect(ofTheRun.contains("01/01_2026-Q3_hardware.csv:3: quantity: E_RANGE \"-2\""))
        #expect(ofTheRun.contains("79_2026Q3_staffing.csv: E_FILE_NAME"))
        // A later night rejects nothing: its run lists nothing; an unknown run is a usage error.
        let later = try workdir.vksict("run")
        #expect(later.status == 0)
        let unknown = try workdir.vksict("rejections", "--run", "20000101T000000Z-0000")
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("không có lần chạy 20000101T000000Z-0000"))
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

    @Test func aMisnamedFutureFileInventsNoQuarter() throws {
        let workdir = try Workdir()
        try workdir.deliver("79_2026-Q3_staffing.csv", "unit_code,total_staff,procurators,it_staff\n79,100,40,4\n")
        // Different bytes each (the same bytes would be recognised as one file).
        try workdir.deliver("79_2031-Q1_staffing.csv", "unit_code,total_staff,procurators,it_staff\n79,101,40,4\n")
        try workdir.deliver("79_1899-Q1_staffing.csv", "unit_code,total_staff,procurators,it_staff\n79,102,40,4\n")
        #expect(try workdir.vksict("run").status == 65)
        let folders = try FileManager.default.contentsOfDirectory(atPath: workdir.exports).sorted()
        #expect(folders == ["2026", "2026-Q3"])
        let rejections = try workdir.vksict("rejections").stdout
        #expect(rejections.contains("79_2031-Q1_staffing.csv: E_PERIOD"))
        #expect(rejections.contains("79_1899-Q1_staffing.csv: E_PERIOD"))
    }

    @Test func libxml2SaysNothingOfItsOwnOnAQuietRun() throws {
        let workdir = try Workdir()
        try workdir.deliver("79_2026-Q3.xml", "<?xml version=\"1.0\"?>\n<submission><staffing></submission>\n")
        let outcome = try workdir.vksict("run", "--quiet")
        #expect(outcome.status == 65)
        #expect(!outcome.stderr.contains("parser error"))
        #expect(!outcome.stderr.contains("Opening and ending tag mismatch"))
    }
}
