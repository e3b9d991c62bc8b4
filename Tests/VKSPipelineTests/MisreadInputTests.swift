import Foundation
import Testing
import VKSModel
import VKSReaders

@testable import VKSPipeline

/// Inputs offices really send that used to be misread without a word (issue 18): each is now read
/// right, or named.
struct MisreadInputTests {
    static let spendingRow = "79,hardware,central,\"125,36\",100\n"

    /// SPEC §4: every way an office writes a unit into a money header gives that unit.
    @Test(
        arguments: [
            ("triệu VNĐ", 125_360_000), ("Tr.đồng", 125_360_000), ("tr.đ", 125_360_000), ("trđ", 125_360_000),
            ("ĐVT: triệu đồng", 125_360_000), ("1.000.000 đồng", 125_360_000), ("million VND", 125_360_000),
            ("ngàn đồng", 125_360), ("1.000 đồng", 125_360), ("VNĐ", nil), ("đ", nil),
        ] as [(String, Int64?)])
    func moneyUnitsInHeaders(unit: String, allocated: Int64?) throws {
        let text =
            "unit_code,category,funding_source,Dự toán (\(unit)),Thực hiện (\(unit))\n" + Self.spendingRow
        let (result, rows) = try check("79_2026-Q3_spending.csv", text)
        if let allocated {
            #expect(summary(result) == [])
            #expect(rows.first?.value("allocated", in: Dataset.spending.schema) == .integer(allocated))
        } else {
            // In đồng, 125,36 is a fraction of a đồng: named, never rounded.
            #expect(summary(result) == ["E_RANGE@2:allocated"])
        }
    }

    /// A unit in a money header that is no known one stops the file on its header line.
    @Test func anUnknownMoneyUnitInAHeaderIsAnError() throws {
        let text = "unit_code,category,funding_source,Dự toán (tỷ đồng),spent\n" + Self.spendingRow
        let (result, rows) = try check("79_2026-Q3_spending.csv", text)
        #expect(summary(result) == ["E_CODE@1:allocated"])
        #expect(
            result.findings.first?.message
                == "Tiêu đề \"Dự toán (tỷ đồng)\" ghi một đơn vị tiền không đọc được: cột Dự toán (allocated) chỉ nhận "
                + "đồng, nghìn đồng hoặc triệu đồng, ví dụ \"Dự toán (triệu đồng)\". Hãy sửa tiêu đề, hoặc quy đổi "
                + "số liệu và ghi đơn vị ở cột Đơn vị tính (amount_unit).")
        #expect(rows.isEmpty)
    }

    /// `ĐVT` heads the amount-unit column: its triệu amounts are triệu.
    @Test func dvtIsTheAmountUnitColumn() throws {
        let text =
            "unit_code,category,funding_source,allocated,spent,ĐVT\n79,hardware,central,\"125,36\",100,triệu đồng\n"
        let (result, rows) = try check("79_2026-Q3_spending.csv", text)
        #expect(summary(result) == [])
        #expect(rows.first?.value("spent", in: Dataset.spending.schema) == .integer(100_000_000))
    }

    /// Everyday spellings and headers typed without diacritics find their columns.
    @Test func everydayHeaderSpellings() throws {
        let text =
            "Ma don vi,Loai thiet bi,So luong,Dang su dung,Hư hỏng,Nam trang bi,Nguon kinh phi\n"
            + "79,desktop,10,8,2,2024,central\n"
        let (result, rows) = try check("79_2026-Q3_hardware.csv", text)
        #expect(summary(result) == [])
        #expect(rows.first?.value("broken", in: Dataset.hardware.schema) == .integer(2))
        let staffing = "unit_code,total_staff,procurators,it_staff,Số kỹ sư CNTT\n79,100,40,4,2\n"
        let (_, staffingRows) = try check("79_2026-Q3_staffing.csv", staffing)
        #expect(staffingRows.first?.value("it_engineers", in: Dataset.staffing.schema) == .integer(2))
    }

    /// A header a slip away from a column's is named as probably that column.
    @Test func aMisspelledHeaderIsNamedAsTheColumnItProbablyIs() throws {
        let text = "unit_code,total_staff,procurators,it_staff,Kỹ sư CNNT\n79,100,40,4,2\n"
        let (result, _) = try check("79_2026-Q3_staffing.csv", text)
        #expect(summary(result) == ["W_UNKNOWN_COLUMN@1:Kỹ sư CNNT"])
        #expect(
            result.findings.first?.message
                == "Cột \"Kỹ sư CNNT\" không được nhận ra nên bị bỏ qua; có lẽ là cột \"Kỹ sư CNTT\" (it_engineers): "
                + "nếu đúng, hãy sửa tiêu đề thành \"Kỹ sư CNTT\".")
    }

    /// SPEC §4: money that is not a whole number of đồng is E_RANGE with what to do, never rounded.
    @Test func fractionsOfADongAreNamed() throws {
        let header = "unit_code,category,funding_source,allocated,spent,amount_unit\n"
        let (result, rows) = try check(
            "79_2026-Q3_spending.csv",
            header + "79,hardware,central,\"1,234\",5,\n79,software,central,\"1234,5\",5,\n"
                + "79,services,central,\"0,0004\",5,nghin_dong\n")
        #expect(rows.isEmpty)
        #expect(summary(result) == ["E_RANGE@2:allocated", "E_RANGE@3:allocated", "E_RANGE@4:allocated"])
        #expect(
            result.findings[0].message
                == "Số tiền \"1,234\" đồng không phải là một số nguyên đồng: dấu phẩy là dấu thập phân. "
                + "Nếu muốn ghi số nghìn, hãy viết 1.234 hoặc 1234.")
        #expect(result.findings[1].message.contains("hãy ghi đơn vị ở cột Đơn vị tính (amount_unit)"))
        #expect(
            result.findings[2].message
                == "Số tiền \"0,0004\" nghìn đồng không phải là một số nguyên đồng: hãy kiểm tra đơn vị tính và số "
                + "chữ số sau dấu phẩy (dấu phẩy là dấu thập phân).")
    }

    /// Excel pads every line of a sheet it saved with empty cells: 250 of them are no 250 columns.
    @Test func excelsPaddingIsNotTooManyColumns() throws {
        let padding = String(repeating: ",", count: 250)
        let text = "unit_code,total_staff,procurators,it_staff" + padding + "\n79,100,40,4" + padding + "\n"
        let (result, rows) = try check("79_2026-Q3_staffing.csv", text)
        #expect(summary(result) == [])
        #expect(rows.count == 1)
        // 201 cells with something in the last is still too many.
        let wide =
            "unit_code,total_staff,procurators,it_staff\n79,100,40,4" + String(repeating: ",", count: 197) + "x\n"
        #expect(summary(try check("79_2026-Q3_staffing.csv", wide).result) == ["E_TOO_LARGE@2:-"])
    }

    /// A 5 KB quoted project name is that row's problem: the rows after it are still checked, and
    /// no quote is said to be missing.
    @Test func aLongQuotedCellStopsNothing() throws {
        let name = String(repeating: "Dự án nâng cấp hạ tầng ", count: 200)
        let text =
            "unit_code,category,funding_source,allocated,spent,amount_unit,project_code\n"
            + "79,hardware,central,100,90,,\"\(name)\"\n" + "79,software,central,100,-5,,\n"
        let (result, rows) = try check("79_2026-Q3_spending.csv", text)
        #expect(summary(result) == ["E_TOO_LARGE@2:project_code", "E_RANGE@3:spent"])
        #expect(!result.findings[0].message.contains("ngoặc kép"))
        #expect(rows.isEmpty)
    }

    /// A lone CR inside a quoted cell ends a line like any other: later lines keep their numbers.
    @Test func aLoneCarriageReturnInQuotesCountsALine() throws {
        let text =
            "unit_code,category,funding_source,allocated,spent,amount_unit,project_code\n"
            + "79,hardware,central,100,90,,\"dòng một\rdòng hai\"\n" + "79,software,central,100,-5,,\n"
        let (result, _) = try check("79_2026-Q3_spending.csv", text)
        #expect(summary(result) == ["E_RANGE@4:spent"])
    }

    /// SPEC §4: a form's title above the header is skipped with one warning quoting it; the rows
    /// keep their line numbers.
    @Test func aFormsTitleAboveTheHeaderIsSkippedAndQuoted() throws {
        let text =
            "BÁO CÁO NHÂN LỰC CNTT QUÝ 3/2026\nVKSND thành phố Hồ Chí Minh,,,\n\n"
            + "Mã đơn vị,Tổng biên chế,Số kiểm sát viên,Cán bộ chuyên trách CNTT\n79,100,40,4\n79-01,30,50,1\n"
        let (result, rows) = try check("79_2026-Q3_staffing.csv", text)
        #expect(summary(result) == ["W_SKIPPED_ROWS@1:-", "E_CONSISTENCY@6:procurators"])
        #expect(
            result.findings.first?.message
                == "Đã bỏ qua 2 dòng phía trên dòng tiêu đề (dòng 4): \"BÁO CÁO NHÂN LỰC CNTT QUÝ 3/2026\", "
                + "\"VKSND thành phố Hồ Chí Minh\". Nếu đó là số liệu, hãy xóa các dòng tiêu đề biểu mẫu phía trên để "
                + "dòng đầu tiên là tên các cột.")
        #expect(rows.map(\.line) == [5])
    }
}
