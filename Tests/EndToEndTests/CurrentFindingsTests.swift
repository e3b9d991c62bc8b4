import Foundation
import Testing

/// SPEC §5: what a province still has to fix is the findings of its current deliveries only, in
/// `rejections`, feedback files, `findings.csv.gz` and the run summary.
struct CurrentFindingsTests {
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
        try workdir.deliver("bao-cao-nhan-luc.csv", "unit_code,total_staff,procurators,it_staff\n79,100,40,4\n")
        let night = try workdir.vksict("run", "--quiet")
        #expect(night.status == 65)
        let runID = try #require(
            night.stderr.split(separator: "\n").first { $0.contains("vksict rejections --run ") }?
                .components(separatedBy: "--run ").last)
        #expect(
            night.stderr.contains(
                "vksict:   01/01_2026-Q3_hardware.csv: 1 lỗi → tệp phản hồi gửi tỉnh: "
                    + workdir.exports + "/2026-Q3/feedback/01_2026-Q3.csv"))
        #expect(night.stderr.contains("vksict:   bao-cao-nhan-luc.csv: 1 lỗi (E_FILE_NAME) → không có tệp phản hồi"))
        let ofTheRun = try workdir.vksict("rejections", "--run", runID).stdout
        #expect(ofTheRun.contains("01/01_2026-Q3_hardware.csv:3: quantity: E_RANGE \"-2\""))
        #expect(ofTheRun.contains("bao-cao-nhan-luc.csv: E_FILE_NAME"))
        // A later night rejects nothing: its run lists nothing; an unknown run is a usage error.
        let later = try workdir.vksict("run")
        #expect(later.status == 0)
        let unknown = try workdir.vksict("rejections", "--run", "20000101T000000Z-0000")
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("không có lần chạy 20000101T000000Z-0000"))
    }
}

/// SPEC §5: errors before warnings wherever findings are listed for a person; nothing from a cell
/// reaches a terminal raw.
struct FindingListTests {
    @Test func errorsComeBeforeWarningsAndCellsAreShownSafely() throws {
        let workdir = try Workdir()
        try workdir.deliver(
            "79_2026-Q3_hardware.csv",
            "unit_code,category,quantity,in_use,broken,acquired_year,funding_source\n"
                + "79,PC,10,8,1,2024,central\n79,laptop,-2,0,0,2024,central\n79,\u{1B}[31mprinter,1,1,0,2024,central\n")
        #expect(try workdir.vksict("run").status == 65)
        let listed = try workdir.vksict("rejections", "--warnings").stdout
        let lines = listed.split(separator: "\n").map(String.init)
        let codes = lines.compactMap { line in ["E_RANGE", "E_CODE", "W_ALIAS"].first { line.contains($0) } }
        #expect(codes == ["E_RANGE", "E_CODE", "W_ALIAS"])
        #expect(!listed.contains("\u{1B}"))
        #expect(listed.contains("\"<U+001B>[31mprinter\""))
    }
}

/// SPEC §5: a misnamed file goes to the province and quarter its name starts with, so that its
/// finding reaches that province's feedback file; the file sent back rightly named retires it.
struct MisnamedFileTests {
    @Test func aMisnamedFileReachesItsProvincesFeedbackUntilSentRightlyNamed() throws {
        let workdir = try Workdir()
        let staffing = "unit_code,total_staff,procurators,it_staff\n79,100,40,4\n"
        try workdir.deliver("79_2026Q3_staffing.csv", staffing)
        let night = try workdir.vksict("run")
        #expect(night.status == 65)
        let feedback = workdir.exports + "/2026-Q3/feedback/79_2026-Q3.csv"
        #expect(night.stderr.contains("vksict:   79_2026Q3_staffing.csv: 1 lỗi → tệp phản hồi gửi tỉnh: " + feedback))
        let told = String(decoding: try workdir.bytes("exports/2026-Q3/feedback/79_2026-Q3.csv"), as: UTF8.self)
        #expect(told.contains("E_PERIOD"))
        #expect(told.contains("Hãy đổi tên thành 79_2026-Q3_staffing.csv rồi gửi lại."))

        workdir.now = "2026-10-06T03:00:00Z"
        try workdir.deliver("79_2026-Q3_staffing.csv", staffing)
        let next = try workdir.vksict("run")
        #expect(next.status == 0, "\(next.stderr)")
        #expect(!next.stderr.contains("W_REPEATED_FILE"))  // the same return, rightly named
        #expect(try workdir.vksict("rejections", "--warnings").stdout == "Không có lỗi nào.\n")
        #expect(!FileManager.default.fileExists(atPath: feedback))
    }
}
