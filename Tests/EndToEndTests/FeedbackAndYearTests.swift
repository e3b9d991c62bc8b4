import Foundation
import Testing

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
        #expect(lines[row2 + 1].hasSuffix(",01,laptop,-2,0,0,2024,central,0,"))  // a number, as written (SPEC §9)
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

/// The title lines skipped above a header are told in the feedback file with the file's own findings.
struct FeedbackOfAFormTests {
    @Test func skippedTitleLinesAreToldAmongTheFilesOwnFindings() throws {
        let workdir = try Workdir()
        try workdir.deliver(
            "79_2026-Q3_staffing.csv",
            "BÁO CÁO NHÂN LỰC CNTT\nunit_code,total_staff,procurators,it_staff\n79,40,50,4\n")
        #expect(try workdir.vksict("run").status == 65)
        let text = String(decoding: try workdir.bytes("exports/2026-Q3/feedback/79_2026-Q3.csv"), as: UTF8.self)
        #expect(text.contains("Lỗi chung của tệp,W_SKIPPED_ROWS,\"Đã bỏ qua 1 dòng phía trên dòng tiêu đề (dòng 2)"))
        #expect(text.contains("3,E_CONSISTENCY,"))
        // The file's own header heads its rows, not the title above it.
        #expect(
            text.contains("\ndong,ma_loi,noi_dung_loi,unit_code,total_staff,procurators,it_staff\r\n3,E_CONSISTENCY,"))
        #expect(!text.contains("BÁO CÁO NHÂN LỰC CNTT\r\n"))
    }
}
