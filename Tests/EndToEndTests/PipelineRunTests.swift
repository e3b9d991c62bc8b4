import Foundation
import GRDB
import Glibc
import Testing

/// A small inbox whose indicators are computed by hand below.
enum HandInbox {
    static let files: [(String, String)] = [
        (
            "79/79_2026-Q3_staffing.csv",
            """
            unit_code,total_staff,procurators,it_staff,it_engineers
            79,100,40,4,2
            79-01,50,20,2,

            """
        ),
        (
            "79/79_2026-Q3_hardware.csv",
            """
            Mã đơn vị,Loại thiết bị,Số lượng,Đang sử dụng,Hỏng,Năm trang bị,Nguồn kinh phí,Có phần mềm bảo vệ,Đơn giá
            79,PC,10,8,1,2020,ngân sách trung ương,6,15.000.000
            79,laptop,5,5,0,2024,local,5,
            79,printer,4,3,,2018,central,,

            """
        ),
        (
            "79/79_2026-Q3_software.csv",
            """
            unit_code;software_code;status;hosting;accounts;active_users;transactions;transactions_total
            79;QLVB;in_use;central;100;80;30;40
            79;EMAIL;in_use;central;100;50;;
            79;KETOAN;in_use;provincial;10;10;;
            79-01;QLVB;in_use;central;20;10;;
            79-01;TKTP;pilot;central;;;;

            """
        ),
        (
            "79/79_2026-Q3_spending.csv",
            """
            unit_code,category,funding_source,allocated,spent,amount_unit,project_code
            79,hardware,central,100,"90,5",trieu_dong,DA-1
            79,training,local,20.000.000,10.000.000,,

            """
        ),
        ("01/01_2026-Q3_staffing.csv", "unit_code,total_staff,procurators,it_staff,it_engineers\r\n01,50,20,1,1\r\n"),
        (
            "01/01_2026-Q3_hardware.csv",
            """
            unit_code,category,quantity,in_use,broken,acquired_year,funding_source,protected,unit_value
            01,desktop,10,8,1,2020,central,6,
            01,laptop,-2,0,0,2024,central,0,

            """
        ),
        ("04/04_2026-Q3_staffing.csv", "unit_code,total_staff,procurators,it_staff,it_engineers\n04,100,40,0,0\n"),
        // 04 leaves broken and protected blank on every row: its sums are NULL, its rows still count.
        (
            "04/04_2026-Q3_hardware.csv",
            """
            unit_code,category,quantity,in_use,broken,acquired_year,funding_source,protected,unit_value
            04,desktop,10,8,,2020,central,,

            """
        ),
        ("01/01_2026-Q3_nhanluc.csv", "unit_code,total_staff,procurators,it_staff\n01,1,1,1\n"),
    ]

    static func deliver(to workdir: Workdir) throws {
        for (path, text) in files { try workdir.deliver(path, text) }
    }
}

func indicator(_ rows: [[String]], _ province: String, _ id: String) -> String? {
    rows.first { $0[1] == province && $0[3] == id }?[4]
}

struct PipelineRunTests {
    @Test func firstRunRejectsTheBadFilesAndComputesIndicators() throws {
        let workdir = try Workdir()
        try HandInbox.deliver(to: workdir)
        let outcome = try workdir.vksict("run")
        #expect(outcome.status == 65, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("validate: 9 tệp"))
        #expect(outcome.stderr.contains("2 bị từ chối"))

        let rows = try workdir.exportRows("2026-Q3", "indicators.csv.gz")
        #expect(rows.first == ["period", "province_code", "province_name", "indicator", "value"])
        #expect(rows.count == 1 + 35 * 15)  // I01–I12, I13, I13T, I14 for 34 provinces and the nation
        let expected79: [String: String] = [
            "I01": "0.086667", "I02": "0.6875", "I03": "0.052632", "I04": "0.846154", "I05": "0.3", "I06": "0.652174",
            "I07": "0.75", "I08": "670000", "I09": "0.8375", "I10": "0.099502", "I11": "4", "I12": "0.333333",
        ]
        for (id, value) in expected79 { #expect(indicator(rows, "79", id) == value, "\(id)") }
        // 01 sent staffing only (its hardware was rejected): no hardware ratio, staffing ratios computed.
        #expect(indicator(rows, "01", "I01") == "")
        #expect(indicator(rows, "01", "I11") == "2")
        // National: pooled sums, never a mean of ratios; I01 only over provinces with both parts.
        #expect(indicator(rows, "00", "I11") == "2.333333")  // 100 × (6 + 1 + 0) / (150 + 50 + 100)
        // Division by zero is NULL (empty), never 0 or NaN: 04 has no IT staff at all.
        #expect(indicator(rows, "04", "I12") == "")
        #expect(indicator(rows, "04", "I11") == "0")
        #expect(indicator(rows, "00", "I12") == "0.428571")
        #expect(indicator(rows, "00", "I01") == "0.084")  // (8 + 5 + 8) / (150 + 100)
        // Blank cells add nothing to a sum while their rows count on the other side, nationally too.
        #expect(indicator(rows, "04", "I03") == "")
        #expect(indicator(rows, "00", "I03") == "0.034483")  // 1 / (19 + 10)
        #expect(indicator(rows, "00", "I04") == "0.52381")  // 11 / (13 + 8)
        #expect(indicator(rows, "00", "I02") == "0.791667")  // (11 + 8) / (16 + 8)
        #expect(rows.first { $0[1] == "00" }?[2] == "Toàn quốc")
        // A province with nothing has every value empty (NULL), never 0.
        #expect(indicator(rows, "96", "I09") == "")

        // The year takes stocks from the latest quarter and sums flows.
        let year = try workdir.exportRows("2026", "indicators.csv.gz")
        #expect(indicator(year, "79", "I11") == "4")
        #expect(indicator(year, "79", "I08") == "670000")
    }

    @Test func rejectionsNameFileLineColumnAndRule() throws {
        let workdir = try Workdir()
        try HandInbox.deliver(to: workdir)
        try workdir.vksict("run")
        let csv = try workdir.vksict("rejections", "--format", "csv")
        #expect(csv.status == 0)
        let lines = csv.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "period,province_code,file,dataset,line,column,code,severity,value,message")
        #expect(
            lines.contains {
                $0.hasPrefix("2026-Q3,01,01/01_2026-Q3_hardware.csv,hardware,3,quantity,E_RANGE,error,-2,")
            })
        // 01_2026-Q3_nhanluc.csv was meant for 01's staffing return (SPEC §5), which a rightly named
        // file of the same night supplies: its finding is history.
        #expect(!lines.contains { $0.contains("nhanluc") })
        #expect(lines.count == 2)

        let text = try workdir.vksict("rejections", "--period", "2026-Q3", "--province", "01")
        #expect(text.stdout.contains("01/01_2026-Q3_hardware.csv:3: quantity: E_RANGE \"-2\""))
        #expect(!text.stdout.contains("nhanluc"))
    }

    @Test func statusShowsEveryReturn() throws {
        let workdir = try Workdir()
        try HandInbox.deliver(to: workdir)
        try workdir.vksict("run")
        let csv = try workdir.vksict("status", "--format", "csv", "--period", "2026-Q3")
        let lines = csv.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "period,province_code,province_name,dataset,state,on_time")
        #expect(lines.count == 1 + 34 * 4)
        #expect(lines.contains("2026-Q3,79,Thành phố Hồ Chí Minh,hardware,accepted,1"))
        #expect(lines.contains("2026-Q3,01,Thành phố Hà Nội,hardware,rejected,"))
        #expect(lines.contains("2026-Q3,01,Thành phố Hà Nội,software,missing,"))
        let completeness = try workdir.exportRows("2026-Q3", "completeness.csv.gz")
        #expect(completeness.count == 1 + 34 * 4)
    }

    @Test func secondRunChangesNothingAndSaysSo() throws {
        let workdir = try Workdir()
        try HandInbox.deliver(to: workdir)
        try workdir.vksict("run")
        let before = try workdir.bytes("exports/2026-Q3/manifest.json")
        // A file written again with the bytes it had is not a new delivery (SPEC §4: its path and bytes decide).
        try workdir.deliver(HandInbox.files[1].0, HandInbox.files[1].1)
        let again = try workdir.vksict("run")
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("ingest: 0 tệp"))
        #expect(again.stderr.contains("không có tệp mới; 9 tệp đã nhận trước đây, không đổi"))
        #expect(again.stderr.contains("export: 0 tệp"))
        #expect(try workdir.bytes("exports/2026-Q3/manifest.json") == before)
    }

    @Test func sameWarehouseStateGivesByteIdenticalExports() throws {
        let first = try Workdir()
        let second = try Workdir()
        for workdir in [first, second] {
            try HandInbox.deliver(to: workdir)
            try workdir.vksict("run")
        }
        let names = [
            "indicators", "indicators_detail", "indicator_catalog", "hardware_by_category", "spending_by_category",
            "software_adoption", "completeness", "findings",
        ]
        for period in ["2026-Q3", "2026"] {
            for name in names {
                let path = "exports/\(period)/\(name).csv.gz"
                #expect(try first.bytes(path) == second.bytes(path), "\(path)")
            }
        }
        for path in [
            "exports/2026/coverage.csv.gz", "exports/2026-Q3/feedback/01_2026-Q3.csv",
            "exports/2026-Q3/vksict_2026-Q3.zip", "exports/2026/vksict_2026.zip", "exports/2026-Q3/2026-Q3.xlsx",
        ] {
            #expect(try first.bytes(path) == second.bytes(path), "\(path)")
        }
        // The manifest lists each file's SHA-256 and row count.
        let manifest =
            try JSONSerialization.jsonObject(with: try first.bytes("exports/2026-Q3/manifest.json")) as? [String: Any]
        let files = manifest?["files"] as? [[String: Any]]
        // eight exports, two provinces' feedback files, the workbook and the zip of them
        #expect(files?.count == 12)
        #expect((files?.first?["sha256"] as? String)?.count == 64)
        #expect((manifest?["inputs"] as? [Any])?.count == 7)
    }

    @Test func stagesRunAloneGiveWhatRunGives() throws {
        let together = try Workdir()
        let apart = try Workdir()
        try HandInbox.deliver(to: together)
        try HandInbox.deliver(to: apart)
        try together.vksict("run")
        #expect(try apart.vksict("ingest").status == 0)
        #expect(try apart.vksict("validate", "--period", "2026-Q3", "--province", "79").status == 0)
        #expect(try apart.vksict("validate").status == 65)
        #expect(try apart.vksict("normalize").status == 0)
        #expect(try apart.vksict("aggregate").status == 0)
        #expect(try apart.vksict("export").status == 0)
        for name in ["indicators", "spending_by_category", "completeness", "findings"] {
            let path = "exports/2026-Q3/\(name).csv.gz"
            #expect(try together.bytes(path) == apart.bytes(path), "\(path)")
        }
    }

    @Test func revisionSupersedesTheEarlierFile() throws {
        let workdir = try Workdir()
        try HandInbox.deliver(to: workdir)
        try workdir.vksict("run")
        try workdir.deliver(
            "79/revised/79_2026-Q3_staffing.csv",
            "unit_code,total_staff,procurators,it_staff,it_engineers\n79,250,40,4,2\n79-01,50,20,2,\n")
        let outcome = try workdir.vksict("run")
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let rows = try workdir.exportRows("2026-Q3", "indicators.csv.gz")
        #expect(indicator(rows, "79", "I11") == "2")  // 100 × 6 / 300
        #expect(indicator(rows, "79", "I08") == "335000")
    }

    @Test func lateFileIsAcceptedAndMarkedLate() throws {
        let workdir = try Workdir()
        workdir.now = "2026-10-16T03:00:00Z"  // deadline of 2026-Q3 is 15 October
        try workdir.deliver("79/79_2026-Q3_staffing.csv", HandInbox.files[0].1)
        #expect(try workdir.vksict("run").status == 0)
        let status = try workdir.vksict("status", "--format", "csv")
        #expect(status.stdout.contains("2026-Q3,79,Thành phố Hồ Chí Minh,staffing,accepted,0"))
        let findings = try workdir.exportRows("2026-Q3", "findings.csv.gz")
        #expect(findings.contains { $0[6] == "W_LATE" && $0[7] == "warning" })
    }

    @Test func quarantinePolicyLoadsTheGoodRows() throws {
        let workdir = try Workdir(onRowError: "quarantine_rows")
        try HandInbox.deliver(to: workdir)
        #expect(try workdir.vksict("run").status == 65)  // the misnamed file is still rejected
        let rows = try workdir.exportRows("2026-Q3", "hardware_by_category.csv.gz")
        #expect(rows.contains(["2026-Q3", "01", "Thành phố Hà Nội", "desktop", "10", "8", "1", "6"]))
        #expect(!rows.contains { $0[1] == "01" && $0[3] == "laptop" })
    }

    @Test func missingInboxExits66() throws {
        let workdir = try Workdir()
        let outcome = try workdir.run(["run", workdir.pipeline, "--inbox", "no-such-folder"])
        #expect(outcome.status == 66)
        #expect(outcome.stderr.contains("no-such-folder"))
    }

    @Test func missingPipelineFileExits66AndBadFlagExits64() throws {
        let workdir = try Workdir()
        #expect(try workdir.run(["run", "nowhere.yaml"]).status == 66)
        #expect(try workdir.vksict("validate", "--period", "2026-Q9").status == 64)
    }

    @Test func aTypoInThePipelineFileIsRefused() throws {
        let workdir = try Workdir()
        try (String(contentsOfFile: workdir.pipeline, encoding: .utf8) + "\non_row_eror: quarantine_rows\n")
            .write(toFile: workdir.pipeline, atomically: true, encoding: .utf8)
        let outcome = try workdir.vksict("run")
        #expect(outcome.status == 78)  // SPEC §10: a configuration file is wrong
        #expect(outcome.stderr.contains("sai: khoá không biết: on_row_eror; các khoá dùng được: archive, arrivals"))
    }
}
