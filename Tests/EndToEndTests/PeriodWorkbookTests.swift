import Foundation
import Testing

/// Whether LibreOffice is installed (`.ci/run` installs libreoffice-calc; a developer's machine may not have it).
let libreOffice: String? = ["/usr/bin/soffice", "/usr/bin/libreoffice"].first {
    FileManager.default.isExecutableFile(atPath: $0)
}

/// SPEC §9: `<period>.xlsx`, read back with openpyxl (a reader we did not write): a first sheet
/// saying what each sheet holds and as of when, Vietnamese column titles, frozen header with a
/// filter, numbers as numbers and codes as text.
struct PeriodWorkbookTests {
    static let probe = """
        import json, sys, openpyxl
        wb = openpyxl.load_workbook(sys.argv[1])
        out = {"sheets": wb.sheetnames, "created": wb.properties.created.isoformat()}
        for ws in wb.worksheets:
            rows = [list(r) for r in ws.iter_rows(min_row=1, max_row=8, values_only=True)]
            out[ws.title] = {"rows": [[c if c is None or isinstance(c, str) else ("n", c) for c in r] for r in rows],
                             "freeze": ws.freeze_panes, "filter": ws.auto_filter.ref, "max_row": ws.max_row}
        print(json.dumps(out, ensure_ascii=False))
        """

    func read(_ workdir: Workdir, _ path: String) throws -> [String: Any] {
        let probed = try workdir.runTool("/usr/bin/env", ["python3", "-c", Self.probe, path])
        #expect(probed.status == 0, "\(probed.stderr)")
        return try JSONSerialization.jsonObject(with: Data(probed.stdout.utf8)) as? [String: Any] ?? [:]
    }

    func rows(_ book: [String: Any], _ sheet: String) -> [[Any?]] {
        ((book[sheet] as? [String: Any])?["rows"] as? [[Any]] ?? []).map { $0.map { $0 is NSNull ? nil : $0 } }
    }

    @Test func aWorkbookAPlannerOpensInExcel() throws {
        let workdir = try Workdir()
        try HandInbox.deliver(to: workdir)
        #expect(try workdir.vksict("run").status == 65)
        let book = try read(workdir, workdir.exports + "/2026-Q3/2026-Q3.xlsx")
        #expect(
            book["sheets"] as? [String] == [
                "Giới thiệu", "Chỉ tiêu", "Danh mục chỉ tiêu", "Thiết bị", "Phần mềm", "Kinh phí", "Tình trạng nộp",
                "Lỗi và cảnh báo", "Chỉ tiêu (dạng gọn)",
            ])
        let contents = rows(book, "Giới thiệu")
        #expect(contents[0][0] as? String == "Số liệu CNTT ngành Kiểm sát nhân dân — kỳ 2026-Q3")
        #expect((contents[1][0] as? String)?.hasPrefix("Số liệu tính đến: ") == true)
        #expect(contents[4].compactMap { $0 as? String } == ["Trang tính", "Nội dung", "Số dòng", "Tệp CSV"])
        #expect(contents[5][0] as? String == "Chỉ tiêu" && contents[5][3] as? String == "indicators_detail.csv.gz")

        let hardware = rows(book, "Thiết bị")
        #expect(
            hardware[0].compactMap { $0 as? String } == [
                "Kỳ", "Mã tỉnh", "Tỉnh", "Loại / nội dung", "Số lượng", "Đang sử dụng", "Hỏng", "Có phần mềm bảo vệ",
            ])
        // Cao Bằng's desktops: the province code stays text ("04"), the figures are number cells.
        let desktops = hardware.first { $0[1] as? String == "04" && $0[3] as? String == "desktop" }
        #expect(desktops?[0] as? String == "2026-Q3", "\(hardware)")
        #expect((desktops?[4] as? [Any])?.first as? String == "n")
        #expect((desktops?[4] as? [Any])?.last as? Int == 10)
        let sheet = book["Thiết bị"] as? [String: Any]
        #expect(sheet?["freeze"] as? String == "A2")
        #expect((sheet?["filter"] as? String)?.hasPrefix("A1:H") == true)
        // A finding's value is the cell as the province wrote it: text, even when it looks like a number.
        let findings = rows(book, "Lỗi và cảnh báo")
        #expect(findings[0][8] as? String == "Giá trị")
        #expect(findings.dropFirst().allSatisfy { $0[8] == nil || $0[8] is String })
    }

    /// The year's workbook has the quarters side by side.
    @Test func theYearsWorkbookHasItsQuartersSideBySide() throws {
        let workdir = try Workdir()
        try HandInbox.deliver(to: workdir)
        try workdir.vksict("run")
        let book = try read(workdir, workdir.exports + "/2026/2026.xlsx")
        #expect((book["sheets"] as? [String])?.prefix(3) == ["Giới thiệu", "Chỉ tiêu", "Chỉ tiêu theo quý"])
        #expect(
            rows(book, "Chỉ tiêu theo quý").first?.compactMap { $0 as? String } == [
                "Kỳ", "Mã tỉnh", "Tỉnh", "Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Quý 1", "Quý 2", "Quý 3", "Quý 4",
                "Cả năm",
            ])
    }

    /// A real spreadsheet program opens the workbook and reads in each sheet what the CSV beside it
    /// holds: LibreOffice converts every sheet to CSV, which is compared cell for cell (a province
    /// code that had become a number would come back as `4`, not `04`).
    @Test(.enabled(if: libreOffice != nil, "needs LibreOffice (libreoffice-calc, installed by .ci/run)"))
    func libreOfficeReadsWhatTheCSVsHold() throws {
        let workdir = try Workdir()
        try HandInbox.deliver(to: workdir)
        try workdir.vksict("run")
        let out = workdir.path + "/libreoffice"
        let converted = try workdir.runTool(
            libreOffice!,
            [
                "-env:UserInstallation=file://" + workdir.path + "/lo-profile", "--headless", "--convert-to",
                "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", "--outdir", out,
                workdir.exports + "/2026-Q3/2026-Q3.xlsx",
            ])
        #expect(converted.status == 0, "\(converted.stderr)")
        for (sheet, export) in [
            ("Thiết bị", "hardware_by_category.csv.gz"), ("Chỉ tiêu", "indicators_detail.csv.gz"),
            ("Tình trạng nộp", "completeness.csv.gz"), ("Lỗi và cảnh báo", "findings.csv.gz"),
        ] {
            let text = try String(contentsOfFile: out + "/2026-Q3-\(sheet).csv", encoding: .utf8)
            let fromWorkbook = Workdir.parseCSV(text).dropFirst()
            let fromCSV = try workdir.csvRows("2026-Q3", export).dropFirst()
            #expect(Array(fromWorkbook) == Array(fromCSV), "\(sheet)")
        }
    }

    @Test func theSameFiguresGiveTheSameBytes() throws {
        let first = try Workdir()
        let second = try Workdir()
        for workdir in [first, second] {
            try HandInbox.deliver(to: workdir)
            try workdir.vksict("run")
        }
        for path in ["exports/2026-Q3/2026-Q3.xlsx", "exports/2026/2026.xlsx"] {
            #expect(try first.bytes(path) == second.bytes(path), "\(path)")
        }
    }
}
