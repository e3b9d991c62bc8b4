import Foundation
import GRDB
import Glibc
import Testing

/// SPEC §4: a delivery is a file at an inbox path, arriving when it reached the inbox. Each test here
/// failed before deliveries were told apart by path (the same bytes were "already seen") and before
/// arrival came from the file system (it was the time of the run).
struct DeliveryTests {
    static let staffing = "unit_code,total_staff,procurators,it_staff,it_engineers\n79,100,40,4,2\n79-01,50,20,2,\n"

    /// Staff unchanged since last quarter: the same bytes under this quarter's name are this quarter's
    /// return, with a warning that names the earlier delivery.
    @Test func theSameBytesForAnotherQuarterAreThatQuartersReturn() throws {
        let workdir = try Workdir()
        workdir.now = "2026-07-10T03:00:00Z"
        try workdir.deliver("79_2026-Q2_staffing.csv", Self.staffing)
        #expect(try workdir.vksict("run").status == 0)
        workdir.now = "2026-10-05T03:00:00Z"
        try workdir.deliver("79_2026-Q3_staffing.csv", Self.staffing)
        let night = try workdir.vksict("run")
        #expect(night.status == 0)
        #expect(night.stderr.contains("ingest: 1 tệp"))
        let status = try workdir.vksict("status", "--format", "csv", "--period", "2026-Q3").stdout
        #expect(status.contains("2026-Q3,79,Thành phố Hồ Chí Minh,staffing,accepted,1"))
        let warnings = try workdir.vksict("rejections", "--warnings", "--period", "2026-Q3").stdout
        #expect(
            warnings.contains(
                "79_2026-Q3_staffing.csv: W_REPEATED_FILE \"79_2026-Q2_staffing.csv\" — "
                    + "Nội dung tệp giống hệt tệp 79_2026-Q2_staffing.csv đã nộp ngày 2026-07-10 cho "
                    + "báo cáo nhân lực kỳ 2026-Q2."))
        #expect(indicator(try workdir.exportRows("2026-Q3", "indicators.csv.gz"), "79", "I11") == "4")  // 100 × 6 / 150
    }

    /// Renamed after E_FILE_NAME: the corrected name is a delivery, and no warning (the first named no return).
    @Test func aFileRenamedAfterEFileNameIsTakenIn() throws {
        let workdir = try Workdir()
        let hardware = "unit_code,category,quantity,in_use,acquired_year,funding_source\n79,desktop,10,9,2024,central\n"
        try workdir.deliver("79-2026-Q3-hardware.csv", hardware)
        #expect(try workdir.vksict("run").status == 65)
        try workdir.deliver("sua/79_2026-Q3_hardware.csv", hardware)
        #expect(try workdir.vksict("run").status == 0)
        let status = try workdir.vksict("status", "--format", "csv", "--period", "2026-Q3").stdout
        #expect(status.contains("2026-Q3,79,Thành phố Hồ Chí Minh,hardware,accepted,1"))
        #expect(!(try workdir.vksict("rejections", "--warnings").stdout.contains("W_REPEATED_FILE")))
    }

    /// v1, then a wrong v2, then v1 again under the same path: v1 is current again.
    @Test func anEarlierVersionSentAgainIsCurrentAgain() throws {
        let workdir = try Workdir()
        let v1 = Self.staffing
        let v2 = "unit_code,total_staff,procurators,it_staff,it_engineers\n79,1000,40,4,2\n79-01,50,20,2,\n"
        for version in [v1, v2, v1] {
            try workdir.deliver("79_2026-Q3_staffing.csv", version)
            #expect(try workdir.vksict("run").status == 0)
        }
        // 100 × (4 + 2) / (100 + 50) with v1; v2's 1000 staff would give 0.571429.
        #expect(indicator(try workdir.exportRows("2026-Q3", "indicators.csv.gz"), "79", "I11") == "4")
        let history = try workdir.vksict("history", "--province", "79", "--period", "2026-Q3").stdout
        #expect(history.components(separatedBy: "79_2026-Q3_staffing.csv").count - 1 == 3)
    }

    /// Two provinces sending the same blank template each hear about their own file.
    @Test func aSecondProvinceSendingTheSameTemplateIsTold() throws {
        let workdir = try Workdir()
        let template = "unit_code,total_staff,procurators,it_staff,it_engineers\n"
        try workdir.deliver("01/01_2026-Q3_staffing.csv", template)
        try workdir.deliver("04/04_2026-Q3_staffing.csv", template)
        #expect(try workdir.vksict("run").status == 65)
        let rejections = try workdir.vksict("rejections", "--format", "csv").stdout
        #expect(rejections.contains("2026-Q3,01,01/01_2026-Q3_staffing.csv,staffing,,,E_EMPTY"))
        #expect(rejections.contains("2026-Q3,04,04/04_2026-Q3_staffing.csv,staffing,,,E_EMPTY"))
        // Told that the bytes are another province's, without naming that province's file.
        let warnings = try workdir.vksict("rejections", "--warnings", "--province", "04").stdout
        #expect(
            warnings.contains(
                "04/04_2026-Q3_staffing.csv: W_REPEATED_FILE — Nội dung tệp giống hệt một tệp của tỉnh khác"))
        #expect(!warnings.contains("01/01_2026-Q3"))
    }

    /// Two versions the same night: the one that arrived later is the newer revision, whatever the
    /// folder names' order (`lan-10` sorts before `lan-2`).
    @Test func twoVersionsInOneNightAreOrderedByArrival() throws {
        let workdir = try Workdir()
        // The run's clock after the files' own times, so that arrival is each file's inode time.
        workdir.now = iso(Date().addingTimeInterval(86400))
        try workdir.deliver("lan-2/79_2026-Q3_staffing.csv", Self.staffing)
        Thread.sleep(forTimeInterval: 1.1)  // arrival is kept to the second
        try workdir.deliver(
            "lan-10/79_2026-Q3_staffing.csv",
            "unit_code,total_staff,procurators,it_staff,it_engineers\n79,200,40,4,2\n79-01,50,20,2,\n")
        #expect(try workdir.vksict("run").status == 0)
        // lan-10's: 100 × 6 / 250.
        #expect(indicator(try workdir.exportRows("2026-Q3", "indicators.csv.gz"), "79", "I11") == "2.4")
        let history = try workdir.vksict("history", "--province", "79", "--period", "2026-Q3").stdout
        let current = try #require(
            history.split(separator: "\n").first { $0.contains("lan-10/79_2026-Q3_staffing.csv") })
        #expect(current.contains("HIỆN HÀNH"))
    }

    /// A file still being copied (changed within `settle_seconds`) waits for the next run.
    @Test func aFileStillBeingWrittenWaits() throws {
        let workdir = try Workdir()
        let yaml = try String(contentsOfFile: workdir.pipeline, encoding: .utf8)
        try yaml.replacingOccurrences(of: "settle_seconds: 0", with: "settle_seconds: 3600")
            .write(toFile: workdir.pipeline, atomically: true, encoding: .utf8)
        try workdir.deliver("79_2026-Q3_staffing.csv", Self.staffing)
        let first = try workdir.vksict("run")
        #expect(first.status == 0)
        #expect(first.stderr.contains("ingest: 0 tệp"))
        #expect(first.stderr.contains("1 tệp đang được chép vào, để lần chạy sau"))
        try yaml.write(toFile: workdir.pipeline, atomically: true, encoding: .utf8)
        #expect(try workdir.vksict("run").stderr.contains("ingest: 1 tệp"))
    }

    /// Office machines' leftovers are never submissions: no finding, left where they are.
    @Test func namesThatAreNeverSubmissionsAreSkippedWithoutAFinding() throws {
        let workdir = try Workdir()
        try workdir.deliver("79_2026-Q3_staffing.csv", Self.staffing)
        for name in [
            "Thumbs.db", "79/desktop.ini", "~$79_2026-Q3_hardware.xlsx", "79_2026-Q3_software.csv.part",
            "tai-ve.crdownload", "ghi.tmp", ".DS_Store",
        ] {
            try workdir.deliver(name, "x")
        }
        let run = try workdir.vksict("run")
        #expect(run.status == 0)
        #expect(run.stderr.contains("ingest: 1 tệp"))
        #expect(run.stderr.contains("7 tệp không phải báo cáo được bỏ qua"))
        let findings = try workdir.vksict("rejections", "--warnings").stdout
        #expect(findings == "Không có lỗi nào.\n")
    }

    /// A run at 01:30 takes in a file that reached the inbox before midnight on the deadline day: it
    /// is on time (arrival is the inode's change time, not the run's).
    @Test func aFileThatArrivedOnTheDeadlineDayIsOnTimeForTheNightRun() throws {
        let workdir = try Workdir()
        let arrival = Date()
        let today = vietnameseDate(arrival)
        // A quarter that ended before today, due today.
        let quarterEnd = lastDayOfQuarter(before: today)
        let yaml = try String(contentsOfFile: workdir.pipeline, encoding: .utf8)
        try yaml.replacingOccurrences(
            of: "deadline_days: 15", with: "deadline_days: \(days(from: quarterEnd, to: today))"
        )
        .write(toFile: workdir.pipeline, atomically: true, encoding: .utf8)
        // 01:30 the next morning in Vietnam.
        workdir.now = iso(vietnameseMidnight(after: today).addingTimeInterval(90 * 60))
        let period = quarterName(quarterEnd)
        try workdir.deliver("79_\(period)_staffing.csv", Self.staffing)
        #expect(try workdir.vksict("run").status == 0)
        let status = try workdir.vksict("status", "--format", "csv", "--period", period).stdout
        #expect(status.contains("\(period),79,Thành phố Hồ Chí Minh,staffing,accepted,1"))
    }

    /// The transport's record of arrivals decides on-time and late; the record itself is not a delivery.
    @Test func theArrivalsFileGivesArrivalTimes() throws {
        let workdir = try Workdir()
        workdir.now = "2026-10-16T18:30:00Z"  // 01:30 on 17 October in Vietnam; the deadline was 15 October
        try workdir.deliver("79_2026-Q3_staffing.csv", Self.staffing)
        try workdir.deliver(
            "79_2026-Q3_hardware.csv",
            "unit_code,category,quantity,in_use,acquired_year,funding_source\n79,desktop,10,9,2024,central\n")
        try workdir.deliver(
            "arrivals.csv",
            """
            path,arrived_at
            79_2026-Q3_staffing.csv,2026-10-15T23:10:00+07:00
            79_2026-Q3_hardware.csv,2026-10-16T00:05:00+07:00

            """)
        let run = try workdir.vksict("run")
        #expect(run.status == 0)
        #expect(run.stderr.contains("ingest: 2 tệp"))
        let status = try workdir.vksict("status", "--format", "csv", "--period", "2026-Q3").stdout
        #expect(status.contains("2026-Q3,79,Thành phố Hồ Chí Minh,staffing,accepted,1"))
        #expect(status.contains("2026-Q3,79,Thành phố Hồ Chí Minh,hardware,accepted,0"))
        let rows = try workdir.exportRows("2026-Q3", "indicators.csv.gz")
        #expect(indicator(rows, "79", "I13T") == "0.25")
    }

    /// `--inbox` takes the other inbox's own arrivals file, which is never a delivery.
    @Test func theArrivalsFileMovesWithTheInbox() throws {
        let workdir = try Workdir()
        try workdir.deliver("79_2026-Q3_staffing.csv", Self.staffing)  // the configured inbox: not read
        let other = workdir.path + "/khac"
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
        try Self.staffing.write(toFile: other + "/79_2026-Q3_staffing.csv", atomically: true, encoding: .utf8)
        try "path,arrived_at\n79_2026-Q3_staffing.csv,2026-11-01T09:00:00+07:00\n"
            .write(toFile: other + "/arrivals.csv", atomically: true, encoding: .utf8)
        workdir.now = "2026-11-05T03:00:00Z"
        let run = try workdir.vksict("run", "--inbox", other)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("ingest: 1 tệp"))
        let status = try workdir.vksict("status", "--format", "csv", "--period", "2026-Q3").stdout
        #expect(status.contains("2026-Q3,79,Thành phố Hồ Chí Minh,staffing,accepted,0"))  // 1 November: late
    }

    /// The bundled sample looks like a real quarter: most returns on time, some late.
    @Test func theSampleInboxHasOnTimeAndLateReturns() throws {
        let workdir = try Workdir()
        workdir.now = "2026-12-01T03:00:00Z"
        let sample = try workdir.run([
            "sample", "--out", "inbox", "--seed", "7", "--periods", "2026-Q3", "--error-share", "0",
            "--pipeline", repositoryRoot + "/pipelines/nightly.yaml",
        ])
        #expect(sample.status == 0)
        #expect(try workdir.vksict("run").status == 0)
        let status = try workdir.vksict("status", "--format", "csv", "--period", "2026-Q3").stdout
        let onTime = status.split(separator: "\n").filter { $0.hasSuffix(",accepted,1") }.count
        let late = status.split(separator: "\n").filter { $0.hasSuffix(",accepted,0") }.count
        #expect(onTime + late == 34 * 4)
        #expect(onTime > 34 * 4 * 3 / 4)
        #expect(late > 0)
    }

    /// An unreadable folder stops nothing else: every other file is taken in, the path is named, exit 74.
    @Test func anUnreadableFolderIsNamedAndTheRestGoesThrough() throws {
        let workdir = try Workdir()
        try workdir.deliver("79/79_2026-Q3_staffing.csv", Self.staffing)
        try workdir.deliver("01/01_2026-Q3_staffing.csv", "unit_code,total_staff,procurators,it_staff\n01,100,40,4\n")
        try workdir.deliver("khoa/79_2026-Q3_hardware.csv", "x")
        #expect(chmod(workdir.inbox + "/khoa", 0) == 0)
        defer { chmod(workdir.inbox + "/khoa", 0o755) }
        let run = try workdir.asUnprivilegedUser { try workdir.vksict("run") }
        #expect(run.status == 74)
        #expect(run.stderr.contains("không đọc được trong hộp thư đến: khoa (Permission denied)"))
        let status = try workdir.vksict("status", "--format", "csv", "--period", "2026-Q3").stdout
        #expect(status.contains("2026-Q3,79,Thành phố Hồ Chí Minh,staffing,accepted,1"))
        #expect(status.contains("2026-Q3,01,Thành phố Hà Nội,staffing,accepted,1"))
    }

    /// An unreadable file likewise: exit 74 naming it, not a warning and exit 0.
    @Test func anUnreadableFileIsNamedWithExit74() throws {
        let workdir = try Workdir()
        try workdir.deliver("79_2026-Q3_staffing.csv", Self.staffing)
        try workdir.deliver("79_2026-Q3_hardware.csv", "x")
        #expect(chmod(workdir.inbox + "/79_2026-Q3_hardware.csv", 0) == 0)
        let run = try workdir.asUnprivilegedUser { try workdir.vksict("run") }
        #expect(run.status == 74)
        #expect(run.stderr.contains("không đọc được trong hộp thư đến: 79_2026-Q3_hardware.csv (Permission denied)"))
        #expect(run.stderr.contains("ingest: 1 tệp"))
    }

    /// A warehouse or archive the account cannot write is 74 naming it, before anything is taken in.
    @Test func aReadOnlyWarehouseOrArchiveIsNamedWithExit74() throws {
        let workdir = try Workdir()
        try workdir.deliver("79_2026-Q3_staffing.csv", Self.staffing)
        #expect(try workdir.vksict("run").status == 0)
        try workdir.deliver("79_2026-Q3_hardware.csv", "x")
        let warehouse = workdir.path + "/warehouse.sqlite"
        #expect(chmod(warehouse, 0o444) == 0)
        let run = try workdir.asUnprivilegedUser { try workdir.vksict("run") }
        #expect(run.status == 74)
        #expect(run.stderr.contains("không ghi được vào kho dữ liệu \(warehouse) (chỉ đọc)"))
        #expect(chmod(warehouse, 0o644) == 0)
        let archive = workdir.path + "/archive"
        #expect(chmod(archive, 0o555) == 0)
        defer { chmod(archive, 0o755) }
        let again = try workdir.asUnprivilegedUser { try workdir.vksict("run") }
        #expect(again.status == 74)
        #expect(again.stderr.contains("không ghi được vào kho lưu trữ tệp gốc (archive) \(archive) (chỉ đọc)"))
    }

    // MARK: - Dates for the deadline test

    private var vietnam: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 7 * 3600)!
        return calendar
    }

    private func vietnameseDate(_ date: Date) -> DateComponents {
        vietnam.dateComponents([.year, .month, .day], from: date)
    }

    /// The last day of the quarter before the one `day` falls in.
    private func lastDayOfQuarter(before day: DateComponents) -> DateComponents {
        let quarterStart = vietnam.date(
            from: DateComponents(year: day.year, month: (day.month! - 1) / 3 * 3 + 1, day: 1))!
        return vietnameseDate(quarterStart.addingTimeInterval(-12 * 3600))
    }

    private func days(from: DateComponents, to: DateComponents) -> Int {
        vietnam.dateComponents([.day], from: vietnam.date(from: from)!, to: vietnam.date(from: to)!).day!
    }

    private func vietnameseMidnight(after day: DateComponents) -> Date {
        vietnam.date(byAdding: .day, value: 1, to: vietnam.date(from: day)!)!
    }

    private func quarterName(_ day: DateComponents) -> String { "\(day.year!)-Q\((day.month! - 1) / 3 + 1)" }

    private func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
