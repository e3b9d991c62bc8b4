import Foundation
import Testing
import VKSModel

@testable import VKSPipeline

/// SPEC §5: messages a provincial officer can act on without guessing, compared whole.
struct MessageContentTests {
    static let staffing = "unit_code,total_staff,procurators,it_staff\n"
    static let hardware = "unit_code,category,quantity,in_use,broken,acquired_year,funding_source\n"

    func findings(_ name: String, _ text: String) throws -> [Finding] { try check(name, text).result.findings }

    @Test func consistencyGivesTheNumbersBehindIt() throws {
        let found = try findings("79_2026-Q3_hardware.csv", Self.hardware + "79,desktop,40,38,3,2024,central\n")
        #expect(
            found.map(\.message) == [
                "Số đang sử dụng cộng số hỏng vượt quá số lượng: in_use 38 + broken 3 = 41 > quantity 40."
            ])
        let staff = try findings("79_2026-Q3_staffing.csv", Self.staffing + "79,40,50,4\n")
        #expect(
            staff.map(\.message) == [
                "Cột \"procurators\" (Số kiểm sát viên) không được lớn hơn cột \"total_staff\" (Tổng biên chế): "
                    + "procurators 50 > total_staff 40."
            ])
    }

    /// SPEC §5: a column is named as the province headed it, its English name beside.
    @Test func aColumnIsNamedAsTheProvinceWroteIt() throws {
        let found = try findings(
            "79_2026-Q3_hardware.csv",
            "Mã ĐV,Loại TB,SL,Đang SD,Hư hỏng,Năm trang bị,Nguồn kinh phí\n79,desktop,40,38,hai,2024,central\n"
                + "79,laptop,10,9,3,2024,central\n")
        #expect(
            found.map(\.message) == [
                "Giá trị ở cột \"Hư hỏng\" (broken) phải là số nguyên, ví dụ 1234 hoặc 1.234.",
                "Số đang sử dụng cộng số hỏng vượt quá số lượng: in_use 9 + broken 3 = 12 > quantity 10.",
            ])
        let staff = try findings(
            "79_2026-Q3_staffing.csv", "Mã đơn vị;Tổng số biên chế;Số KSV;Cán bộ CNTT\n79;40;50;4\n")
        #expect(
            staff.map(\.message) == [
                "Cột \"Số KSV\" (procurators) không được lớn hơn cột \"Tổng số biên chế\" (total_staff): "
                    + "procurators 50 > total_staff 40."
            ])
    }

    @Test func anUnknownCodeListsWhatIsAllowed() throws {
        let found = try findings(
            "79_2026-Q3_software.csv", "unit_code,software_code,status\n79,QLVB,đang chạy\n")
        #expect(
            found.map(\.message) == [
                "Giá trị ở cột \"status\" (Tình trạng) không có trong danh mục; hãy dùng một trong: in_use (Đang sử dụng), "
                    + "pilot (Thử nghiệm), not_deployed (Chưa triển khai), retired (Ngừng sử dụng)."
            ])
    }

    @Test func aMistypedUnitCodeIsGivenTheNearestOne() throws {
        let found = try findings("79_2026-Q3_staffing.csv", Self.staffing + "79,100,40,4\n79-3,30,10,1\n")
        #expect(
            found.map(\.message) == [
                "Mã đơn vị \"79-3\" không có trong danh mục đơn vị; có phải là \"79-03\" (Viện kiểm sát nhân dân khu vực 3 - Hồ Chí Minh)?"
            ])
    }

    /// The value as written, never re-cased; its invisible characters shown.
    @Test func valuesAreQuotedAsWrittenWithInvisiblesShown() throws {
        let found = try findings("79_2026-Q3_staffing.csv", Self.staffing + "79,100,40,4\n79-ab\u{200B},30,10,1\n")
        #expect(
            found.map(\.message) == [
                "Mã đơn vị \"79-ab<U+200B>\" không có trong danh mục đơn vị; hãy kiểm tra lại mã (ví dụ 79 hoặc 79-03)."
            ])
    }

    @Test func aFormerProvinceCodeAfterTheMergerIsNamedAsSuch() throws {
        let found = try findings("79_2026-Q3_staffing.csv", Self.staffing + "74,100,40,4\n")
        #expect(
            found.map(\.message) == [
                "\"74\" là mã tỉnh cũ (Bình Dương) trước 01/07/2025; từ kỳ 2025-Q3, kỳ 2026-Q3 dùng mã tỉnh mới 79."
            ])
    }

    @Test func showingInvisibles() {
        #expect("a\u{200B}b\u{FEFF}c\u{1B}[2J".showingInvisibles == "a<U+200B>b<U+FEFF>c<U+001B>[2J")
        #expect("Hà Nội".showingInvisibles == "Hà Nội")
    }

    /// A total row and a repeated header row: one finding each, saying to delete the row.
    @Test func aTotalRowOrARepeatedHeaderIsOneFinding() throws {
        let text =
            "Mã đơn vị,Tổng biên chế,Số kiểm sát viên,Cán bộ chuyên trách CNTT\n79,100,40,4\n"
            + "Mã đơn vị,Tổng biên chế,Số kiểm sát viên,Cán bộ chuyên trách CNTT\n79-01,30,10,1\nTổng cộng,130,50,5\n"
        let (result, rows) = try check("79_2026-Q3_staffing.csv", text)
        #expect(summary(result) == ["E_ROW_SHAPE@3:-", "E_CODE@5:unit_code"])
        #expect(
            result.findings.map(\.message) == [
                "Dòng này lặp lại dòng tiêu đề (tên các cột): hãy xóa nó.",
                "Dòng tổng cộng: Cục 2 tự tính tổng từ các dòng đơn vị, hãy xóa dòng này (và các dòng cộng phụ nếu có).",
            ])
        #expect(rows.count == 2)
    }
}
