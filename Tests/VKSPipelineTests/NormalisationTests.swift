import Foundation
import Testing
import VKSModel
import VKSReaders

@testable import VKSPipeline

/// What normalisation stores: codes, whole đồng, NFC text, the raw value beside it where they differ.
struct NormalisationTests {
    @Test func vietnameseHeaderAliasesAndMoneyUnits() throws {
        let text = """
            Mã đơn vị;Nội dung chi;Nguồn kinh phí;Dự toán;Thực hiện;Đơn vị tính;Mã dự án
            79;An toàn thông tin;ngân sách địa phương;125,36;1.000;triệu đồng;  DA  01
            1-01;hardware;central;1.234.567;1.234.567;;

            """
        let (result, rows) = try check("01_2026-Q3_spending.csv", text)
        #expect(summary(result).filter { $0.hasPrefix("E_") }.count == 1)  // 79 belongs to another province
        #expect(rows.count == 1)
        let row = try #require(rows.first)
        #expect(
            row.values == [
                .text("01-01"), .text("hardware"), .text("central"), .integer(1_234_567),
                .integer(1_234_567), .text("dong"), .null,
            ])
        // A blank amount unit defaults to đồng: the blank is kept as the raw value.
        #expect(row.rawDifferences.map(\.column) == ["unit_code", "allocated", "spent", "amount_unit"])

        let (_, rows79) = try check("79_2026-Q3_spending.csv", text.replacingOccurrences(of: "1-01", with: "79-01"))
        let first = try #require(rows79.first)
        #expect(
            first.values == [
                .text("79"), .text("security"), .text("local"), .integer(125_360_000),
                .integer(1_000_000_000), .text("trieu_dong"), .text("DA 01"),
            ])
        #expect(first.rawDifferences.first { $0.column == "allocated" }?.raw == "125,36")
    }

    @Test func excelLeadingZeroLossIsRepairedAndReported() throws {
        let (result, rows) = try check("01_2026-Q3_staffing.csv", FileCheckerTests.staffingHeader + "1,10,5,1,\n")
        #expect(rows.first?.values.first == .text("01"))
        #expect(summary(result) == ["W_ALIAS@2:unit_code"])
    }

    @Test func tonePlacementAndCaseStillMatch() throws {
        let (result, rows) = try check(
            "79_2026-Q3_software.csv",
            FileCheckerTests.softwareHeader + "79,THƯ ĐIỆN TỬ,đang sử dụng,cloud,10,5,,\n")
        #expect(rows.first?.values[1] == .text("EMAIL"))
        #expect(rows.first?.values[2] == .text("in_use"))
        // `Thư điện tử` is an alias of EMAIL; `đang sử dụng` is in_use's official name, no alias (SPEC §5).
        #expect(summary(result) == ["W_ALIAS@2:software_code"])
    }
}
