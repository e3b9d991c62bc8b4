import Foundation
import GRDB
import Glibc
import Testing

struct CheckCommandTests {
    @Test func checkNeedsNoWarehouseAndExitsByErrors() throws {
        let workdir = try Workdir()
        try HandInbox.deliver(to: workdir)
        let bad = try workdir.vksict("check", workdir.inbox + "/01/01_2026-Q3_hardware.csv")
        #expect(bad.status == 65)
        #expect(bad.stdout.contains("01_2026-Q3_hardware.csv:3: quantity: E_RANGE \"-2\""))
        let good = try workdir.vksict("check", workdir.inbox + "/79/79_2026-Q3_software.csv")
        #expect(good.status == 0, "\(good.stdout)")
        let missing = try workdir.vksict("check", "no-such.csv", workdir.inbox + "/01/01_2026-Q3_hardware.csv")
        #expect(missing.status == 66)
        #expect(missing.stdout.contains("E_RANGE"))  // the other files are still checked
        #expect(!FileManager.default.fileExists(atPath: workdir.path + "/warehouse.sqlite"))
    }

    /// The done-when of issue 18: a province officer's hand-made Windows-1258 file (Fixtures/officer-cp1258)
    /// is checked with every slip in it named in one pass, as the officer's terminal shows it.
    @Test func anOfficersWindows1258FileIsCheckedInOnePass() throws {
        let fixture = repositoryRoot + "/Tests/EndToEndTests/Fixtures/officer-cp1258"
        let workdir = try Workdir()
        let folder = workdir.path + "/officer"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: fixture + "/79_2026-Q3_hardware.csv"))
        #expect(String(data: bytes, encoding: .utf8) == nil)  // really not UTF-8
        try bytes.write(to: URL(fileURLWithPath: folder + "/79_2026-Q3_hardware.csv"))
        let outcome = try workdir.runTool(
            "/usr/bin/env", ["-C", folder, vksictExecutable, "check", "79_2026-Q3_hardware.csv"])
        #expect(outcome.status == 65)
        let expected = try String(contentsOfFile: fixture + "/expected-check.txt", encoding: .utf8)
        #expect(outcome.stdout == expected)
        #expect(outcome.stdout.split(separator: "\n").filter { $0.contains(": E_") }.count == 8)
    }

    /// A warning repeated row after row (the same code in the same column) is told once with the
    /// count and the other lines, after the errors (SPEC §5).
    @Test func aRepeatedWarningIsToldOnceWithItsCount() throws {
        let workdir = try Workdir()
        let file = workdir.path + "/79_2026-Q3_spending.csv"
        try """
        unit_code,category,funding_source,allocated,spent
        79,hardware,central,100,120
        79,software,central,100,130
        79,training,central,100,-5
        79-01,hardware,central,100,150

        """.write(toFile: file, atomically: true, encoding: .utf8)
        let outcome = try workdir.vksict("check", file)
        #expect(outcome.status == 65)
        let lines = outcome.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines.first?.hasPrefix(file + ":4: spent: E_RANGE \"-5\"") == true)
        #expect(
            lines.dropFirst().first
                == file + ":2: spent: W_OVERSPEND \"120\" — Số thực hiện lớn hơn dự toán, cần kiểm tra lại: "
                + "spent 120 > allocated 100 (đồng). (cùng cảnh báo ở 2 dòng khác: 3, 5)")
    }

    /// `check --totals`: the rows without errors (01's good row too), money in đồng,
    /// in byte order of province, quarter, dataset and category (the benchmark compares it with DuckDB's).
    @Test func checkTotalsAreWhatTheFilesWouldDeliver() throws {
        let workdir = try Workdir()
        try HandInbox.deliver(to: workdir)
        let files = HandInbox.files.map { workdir.inbox + "/" + $0.0 }.filter { !$0.contains("/04/") }
        let outcome = try workdir.run(
            ["check", "--pipeline", workdir.pipeline, "--totals", workdir.path + "/totals.csv.gz"] + files)
        #expect(outcome.status == 65)  // 01's laptop row: it is left out of the totals
        #expect(
            try workdir.gunzip(workdir.path + "/totals.csv.gz") == """
                province_code,period,dataset,category,rows,total\r
                01,2026-Q3,hardware,desktop,1,10\r
                01,2026-Q3,staffing,,1,50\r
                79,2026-Q3,hardware,desktop,1,10\r
                79,2026-Q3,hardware,laptop,1,5\r
                79,2026-Q3,hardware,printer,1,4\r
                79,2026-Q3,software,in_use,4,230\r
                79,2026-Q3,software,pilot,1,0\r
                79,2026-Q3,spending,hardware,1,90500000\r
                79,2026-Q3,spending,training,1,10000000\r
                79,2026-Q3,staffing,,2,150\r

                """)
    }

    @Test func inspectShowsTheHeaderMapping() throws {
        let workdir = try Workdir()
        try HandInbox.deliver(to: workdir)
        let outcome = try workdir.run(["inspect", workdir.inbox + "/79/79_2026-Q3_hardware.csv"])
        #expect(outcome.stdout.contains("  Loại thiết bị → category\n"))
        #expect(outcome.stdout.contains("bộ dữ liệu:     hardware\n"))
        let json = try workdir.run(["inspect", "--json", workdir.inbox + "/79/79_2026-Q3_software.csv"])
        #expect(json.stdout.contains("\"delimiter\":\";\""))
        #expect(json.stdout.contains("\"dataset\":\"software\""))
    }

    /// A form's title lines above the header: `inspect` finds the header where `check` does.
    @Test func inspectFindsTheHeaderBelowAFormsTitle() throws {
        let workdir = try Workdir()
        let file = workdir.path + "/79_2026-Q3_staffing.csv"
        try "BÁO CÁO NHÂN LỰC CNTT\n\nMã đơn vị,Tổng biên chế,Số KSV,Cán bộ CNTT\n79,100,40,4\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let shown = try workdir.run(["inspect", file])
        #expect(
            shown.stdout.contains(
                "bỏ qua:         1 dòng tiêu đề biểu mẫu phía trên dòng tên cột\n  BÁO CÁO NHÂN LỰC CNTT\n"))
        #expect(shown.stdout.contains("số bản ghi:     1 (sau dòng tên cột)\n"))
        #expect(shown.stdout.contains("  Số KSV → procurators\n"))
        let json = try workdir.run(["inspect", "--json", file])
        #expect(
            json.stdout.contains(
                #""header":["Mã đơn vị","Tổng biên chế","Số KSV","Cán bộ CNTT"],"records":[["79","100","40","4"]]"#))
    }
}

/// SPEC §10: `check`, `inspect` and `schema` are the one file a province runs, in any folder, with
/// no pipeline folder: the reference data and the XSD come built in.
struct CheckAnywhereTests {
    @Test func checkInspectAndSchemaRunFromAnEmptyFolder() throws {
        let workdir = try Workdir()
        let empty = workdir.path + "/elsewhere"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let csv = empty + "/79_2026-Q3_hardware.csv"
        try
            "Mã đơn vị,Loại thiết bị,Số lượng,Đang sử dụng,Hư hỏng,Năm trang bị,Nguồn kinh phí\n79,PC,10,8,5,2024,central\n"
            .write(toFile: csv, atomically: true, encoding: .utf8)
        func inEmpty(_ arguments: [String]) throws -> Outcome {
            try workdir.runTool("/usr/bin/env", ["-C", empty, vksictExecutable] + arguments)
        }
        let checked = try inEmpty(["check", "79_2026-Q3_hardware.csv"])
        #expect(checked.status == 65)
        #expect(checked.stdout.contains("79_2026-Q3_hardware.csv:2: in_use: E_CONSISTENCY"))
        // The built-in code lists: PC is an alias of desktop.
        #expect(checked.stdout.contains("79_2026-Q3_hardware.csv:2: category: W_ALIAS \"PC\""))

        let xml = empty + "/79_2026-Q3.xml"
        try """
        <?xml version="1.0" encoding="UTF-8"?>
        <submission xmlns="urn:vksnd:cuc2:ict:1" province="79" period="2026-Q3" submittedAt="2026-10-01T08:00:00+07:00">
          <staffing><row><unit_code>79</unit_code><total_staff>nhiều</total_staff><procurators>1</procurators><it_staff>1</it_staff></row></staffing>
        </submission>
        """.write(toFile: xml, atomically: true, encoding: .utf8)
        let xmlChecked = try inEmpty(["check", "79_2026-Q3.xml"])
        #expect(xmlChecked.status == 65)
        #expect(xmlChecked.stdout.contains("E_XML_SCHEMA"))  // the built-in XSD did the checking

        let schema = try inEmpty(["schema"])
        #expect(schema.status == 0)
        #expect(
            schema.stdout
                == (try String(contentsOfFile: repositoryRoot + "/schemas/submission-v1.xsd", encoding: .utf8)))

        let inspected = try inEmpty(["inspect", "79_2026-Q3_hardware.csv"])
        #expect(inspected.status == 0)
        #expect(inspected.stdout.contains("Hư hỏng → broken"))
        #expect(try inEmpty(["inspect", "khong-co.csv"]).status == 66)
        // A pipeline file named on the command line must be there.
        #expect(try inEmpty(["check", "--pipeline", "khong-co.yaml", "79_2026-Q3_hardware.csv"]).status == 66)
    }
}
