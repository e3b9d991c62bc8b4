import Foundation
import Testing

/// SPEC §4: a return sent as an Excel workbook, made by programs we did not write (openpyxl, and
/// LibreOffice where installed), checked as its CSV would be, each finding naming its cell.
struct WorkbookReturnTests {
    /// Writes a workbook with openpyxl: `rows` is a Python list of rows (a list literal).
    func workbook(_ workdir: Workdir, _ path: String, sheet: String, rows: String) throws {
        let script = """
            import datetime, sys, openpyxl
            wb = openpyxl.Workbook()
            ws = wb.active
            ws.title = sys.argv[2]
            for row in \(rows):
                ws.append(row)
            wb.save(sys.argv[1])
            """
        let made = try workdir.runTool("/usr/bin/env", ["python3", "-c", script, path, sheet])
        #expect(made.status == 0, "\(made.stderr)")
    }

    /// Runs a Python script on the workbook at `path` (zipfile surgery for the hostile ones).
    func python(_ workdir: Workdir, _ script: String, _ arguments: [String]) throws {
        let ran = try workdir.runTool("/usr/bin/env", ["python3", "-c", script] + arguments)
        #expect(ran.status == 0, "\(ran.stderr)")
    }

    static let hardwareRows = """
        [["BÁO CÁO TRANG THIẾT BỊ CNTT QUÝ III/2026"], [],
         ["Mã đơn vị", "Loại thiết bị", "Số lượng", "Đang sử dụng", "Hư hỏng", "Năm trang bị", "Nguồn kinh phí",
          "Đơn giá (triệu đồng)"],
         ["79", "Máy tính để bàn", 120, 110, 5, 2022, "Trung ương", 15.5],
         [79, "PC", 30, 25, 2, 2023, "central", 14.2],
         ["79-03", "laptop", 10, 9, 3, 2021, "central", 22],
         ["79-01", "server", 2, "hai", 0, datetime.date(2020, 5, 1), "central", 150],
         ["79-01", "printer", 4, 4, 0, 2022, "central", 7.1234567]]
        """

    @Test func aWorkbookIsCheckedAsItsCSVWithEachFindingInItsCell() throws {
        let workdir = try Workdir()
        let file = workdir.path + "/79_2026-Q3_hardware.xlsx"
        try workbook(workdir, file, sheet: "Thiết bị", rows: Self.hardwareRows)
        let checked = try workdir.vksict("check", file)
        #expect(checked.status == 65)
        let lines = checked.stdout.split(separator: "\n").map { String($0.dropFirst(file.count)) }
        #expect(
            lines == [
                ":6: in_use: E_CONSISTENCY \"9\" — Ô Thiết bị!D6: Số đang sử dụng cộng số hỏng vượt quá số lượng: "
                    + "in_use 9 + broken 3 = 12 > quantity 10.",
                ":7: in_use: E_TYPE \"hai\" — Ô Thiết bị!D7: Giá trị ở cột \"Đang sử dụng\" (in_use) phải là số nguyên, "
                    + "ví dụ 1234 hoặc 1.234.",
                // A date cell is its date: not a year.
                ":7: acquired_year: E_TYPE \"2020-05-01\" — Ô Thiết bị!F7: Giá trị ở cột \"Năm trang bị\" "
                    + "(acquired_year) phải là số nguyên, ví dụ 1234 hoặc 1.234.",
                // A number cell in triệu with more decimals than a đồng has: never rounded.
                ":8: unit_value: E_RANGE \"7,1234567\" — Ô Thiết bị!H8: Số tiền \"7,1234567\" triệu đồng không phải "
                    + "là một số nguyên đồng: hãy kiểm tra đơn vị tính và số chữ số sau dấu phẩy (dấu phẩy là dấu thập phân).",
                ":1: W_SKIPPED_ROWS \"BÁO CÁO TRANG THIẾT BỊ CNTT QUÝ III/2026\" — Đã bỏ qua 1 dòng phía trên dòng tiêu "
                    + "đề (dòng 3): \"BÁO CÁO TRANG THIẾT BỊ CNTT QUÝ III/2026\". Nếu đó là số liệu, hãy xóa các dòng tiêu "
                    + "đề biểu mẫu phía trên để dòng đầu tiên là tên các cột.",
                ":5: category: W_ALIAS \"PC\" — Ô Thiết bị!B5: Giá trị \"PC\" được hiểu là mã \"desktop\"; nên ghi đúng mã.",
                ": 5 dòng, 4 lỗi, 2 cảnh báo",
            ])
    }

    /// A good workbook goes through the night like a CSV file: accepted, its figures in the indicators,
    /// its money converted from the header's unit.
    @Test func aWorkbookReturnIsTakenInAtNight() throws {
        let workdir = try Workdir()
        try FileManager.default.createDirectory(atPath: workdir.inbox + "/79", withIntermediateDirectories: true)
        try workbook(
            workdir, workdir.inbox + "/79/79_2026-Q3_staffing.xlsx", sheet: "Sheet1",
            rows:
                "[[\"Mã đơn vị\", \"Tổng biên chế\", \"Số kiểm sát viên\", \"Cán bộ chuyên trách CNTT\"], [\"79\", 100, 40, 4]]"
        )
        try workbook(
            workdir, workdir.inbox + "/79/79_2026-Q3_spending.xlsx", sheet: "Kinh phí",
            rows: "[[\"Mã đơn vị\", \"Nội dung chi\", \"Nguồn kinh phí\", \"Dự toán (triệu đồng)\", "
                + "\"Thực hiện (triệu đồng)\"], [\"79\", \"hardware\", \"central\", 100, 90.5]]")
        let run = try workdir.vksict("run")
        #expect(run.status == 0, "\(run.stderr)")
        let indicators = try workdir.exportRows("2026-Q3", "indicators.csv.gz")
        #expect(indicators.contains(["2026-Q3", "79", "Thành phố Hồ Chí Minh", "I11", "4"]))
        #expect(indicators.contains(["2026-Q3", "79", "Thành phố Hồ Chí Minh", "I09", "0.905"]))
        let spending = try workdir.exportRows("2026-Q3", "spending_by_category.csv.gz")
        #expect(
            spending.contains([
                "2026-Q3", "79", "Thành phố Hồ Chí Minh", "hardware", "central", "100000000", "90500000",
            ]))
    }

    /// A rejected workbook's rows reach the province's feedback file, at the rows Excel shows.
    @Test func aRejectedWorkbooksRowsAreInTheFeedbackFile() throws {
        let workdir = try Workdir()
        try FileManager.default.createDirectory(atPath: workdir.inbox + "/79", withIntermediateDirectories: true)
        try workbook(
            workdir, workdir.inbox + "/79/79_2026-Q3_hardware.xlsx", sheet: "hardware", rows: Self.hardwareRows)
        #expect(try workdir.vksict("run").status == 65)
        let feedback = String(decoding: try workdir.bytes("exports/2026-Q3/feedback/79_2026-Q3.csv"), as: UTF8.self)
        #expect(feedback.contains("\r\ndong,ma_loi,noi_dung_loi,Mã đơn vị,Loại thiết bị,"))
        #expect(feedback.contains("\r\n7,E_TYPE; E_TYPE,"))
    }

    static let surgery = """
        import sys, zipfile
        source, target, kind = sys.argv[1], sys.argv[2], sys.argv[3]
        with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
            for item in old.infolist():
                data = old.read(item.filename)
                if kind == "doctype" and item.filename == "xl/worksheets/sheet1.xml":
                    data = data.replace(b"<worksheet", b'<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]><worksheet', 1)
                if kind == "bomb" and item.filename == "xl/worksheets/sheet1.xml":
                    data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * (8 << 20), 1)
                new.writestr(item, data)
            if kind == "escape":
                new.writestr("../../evil.txt", b"x")
        """

    @Test(arguments: [
        ("doctype", "E_XML_MALFORMED", "Phần xl/worksheets/sheet1.xml của tệp .xlsx có khai báo DOCTYPE"),
        ("bomb", "E_TOO_LARGE", "Bảng tính khi giải nén vượt quá 1.048.576 byte"),
        ("escape", "E_ENCODING", "Tệp .xlsx chứa mục tên \"../../evil.txt\" trỏ ra ngoài tệp"),
        ("truncated", "E_ENCODING", "Tệp .xlsx bị hỏng hoặc không phải bảng tính Excel"),
        ("encrypted", "E_ENCODING", "Tệp được đặt mật khẩu, hoặc là bảng tính Excel 97-2003 (.xls)"),
    ])
    func aHostileWorkbookIsOneClearFinding(_ kind: String, _ code: String, _ message: String) throws {
        let workdir = try Workdir()
        try (String(contentsOfFile: workdir.pipeline, encoding: .utf8) + "\nlimits:\n  max_file_bytes: 1048576\n")
            .write(toFile: workdir.pipeline, atomically: true, encoding: .utf8)
        let made = workdir.path + "/made.xlsx"
        try workbook(workdir, made, sheet: "hardware", rows: Self.hardwareRows)
        let file = workdir.path + "/79_2026-Q3_hardware.xlsx"
        switch kind {
        case "truncated":
            let bytes = try Data(contentsOf: URL(fileURLWithPath: made))
            try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: file))
        case "encrypted":
            try Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504))
                .write(to: URL(fileURLWithPath: file))
        default:
            try python(workdir, Self.surgery, [made, file, kind])
        }
        let checked = try workdir.run(["check", "--pipeline", workdir.pipeline, file])
        #expect(checked.status == 65)
        let lines = checked.stdout.split(separator: "\n").dropLast()
        #expect(lines.count == 1, "\(checked.stdout)")
        #expect(
            lines.first?.contains(": \(code) ") == true || lines.first?.contains(": \(code) —") == true,
            "\(checked.stdout)")
        #expect(lines.first?.contains(message) == true, "\(checked.stdout)")
        #expect(!checked.stdout.contains("root:"))  // /etc/passwd never read
    }

    /// `.xls` (Excel 97-2003) is not taken: the message says which formats are.
    @Test func anOldExcelFileIsToldWhichFormatsAreTaken() throws {
        let workdir = try Workdir()
        let file = workdir.path + "/79_2026-Q3_hardware.xls"
        try Data([0xD0, 0xCF, 0x11, 0xE0]).write(to: URL(fileURLWithPath: file))
        let checked = try workdir.vksict("check", file)
        #expect(checked.status == 65)
        #expect(checked.stdout.contains("E_FILE_NAME"))
        #expect(checked.stdout.contains("hãy lưu từ Excel dạng Excel Workbook (.xlsx) hoặc CSV UTF-8 (.csv)"))
    }

    /// A workbook saved by LibreOffice from the officer's CSV gives the same findings on the same lines.
    @Test(.enabled(if: libreOffice != nil, "needs LibreOffice (libreoffice-calc, installed by .ci/run)"))
    func aWorkbookSavedByLibreOfficeGivesWhatItsCSVGives() throws {
        let workdir = try Workdir()
        let csv = workdir.path + "/79_2026-Q3_staffing.csv"
        try
            "Mã đơn vị,Tổng biên chế,Số kiểm sát viên,Cán bộ chuyên trách CNTT\n79,100,40,4\n79-01,30,50,1\n79-3,20,5,1\n"
            .write(toFile: csv, atomically: true, encoding: .utf8)
        let converted = try workdir.runTool(
            libreOffice!,
            [
                "-env:UserInstallation=file://" + workdir.path + "/lo-profile", "--headless",
                "--infilter=CSV:44,34,76,1",
                "--convert-to", "xlsx", "--outdir", workdir.path + "/lo", csv,
            ])
        #expect(converted.status == 0, "\(converted.stderr)")
        let fromCSV = try workdir.vksict("check", csv).stdout.split(separator: "\n").map {
            $0.split(separator: ":").dropFirst().joined(separator: ":")
        }
        let fromWorkbook = try workdir.vksict("check", workdir.path + "/lo/79_2026-Q3_staffing.xlsx").stdout
        #expect(fromWorkbook.contains(":3: procurators: E_CONSISTENCY \"50\" — Ô "))
        #expect(fromWorkbook.contains(":4: unit_code: E_CODE \"79-3\" — Ô "))
        #expect(fromCSV.contains { $0.hasPrefix("3: procurators: E_CONSISTENCY") })
    }
}
