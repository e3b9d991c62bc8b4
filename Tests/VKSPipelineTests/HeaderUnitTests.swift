import Foundation
import Testing
import VKSModel
import VKSReaders

@testable import VKSPipeline

/// Money units written in the header (SPEC §4 via issue 3): `Thực hiện (triệu đồng)`.
struct HeaderUnitTests {
    @Test func headerUnitAppliesWhenTheRowSaysNothing() throws {
        let text =
            "Mã đơn vị,Nội dung chi,Nguồn kinh phí,Dự toán (triệu đồng),Thực hiện (triệu đồng),Đơn vị tính\n"
            + "79,hardware,central,\"125,36\",100,\n"
        let (result, rows) = try check("79_2026-Q3_spending.csv", text)
        #expect(summary(result) == [])
        #expect(rows.first?.values[3] == .integer(125_360_000))
        #expect(rows.first?.values[4] == .integer(100_000_000))
        #expect(rows.first?.values[5] == .text("trieu_dong"))
    }

    @Test func rowUnitContradictingTheHeaderIsAnError() throws {
        let text =
            "unit_code,category,funding_source,allocated (nghìn đồng),spent (nghìn đồng),amount_unit\n"
            + "79,hardware,central,100,90,đồng\n"
        let (result, _) = try check("79_2026-Q3_spending.csv", text)
        #expect(summary(result).contains("E_CONSISTENCY@2:amount_unit"))
    }

    @Test func hardwareUnitValueInThousands() throws {
        let text =
            "unit_code,category,quantity,in_use,acquired_year,funding_source,Đơn giá (nghìn đồng)\n"
            + "79,desktop,3,3,2024,central,15.500\n"
        let (result, rows) = try check("79_2026-Q3_hardware.csv", text)
        #expect(summary(result) == [])
        #expect(rows.first?.value("unit_value", in: Dataset.hardware.schema) == .integer(15_500_000))
    }

    @Test func aParenthesisThatIsNotAUnitIsIgnored() throws {
        let text =
            "unit_code,category,Số lượng (chiếc),in_use,acquired_year,funding_source\n79,desktop,3,3,2024,central\n"
        let (result, rows) = try check("79_2026-Q3_hardware.csv", text)
        #expect(summary(result) == [])
        #expect(rows.count == 1)
    }
}
