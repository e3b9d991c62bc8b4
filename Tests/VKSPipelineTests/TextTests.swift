import Foundation
import Testing

@testable import VKSPipeline

struct TextTests {
    @Test func normalisedIsNFCTrimmedSingleSpaced() {
        let nfd = "Ma\u{0301}y  ti\u{0301}nh\t"
        #expect(Text.normalized(nfd) == "Máy tính")
        #expect(Text.normalized("  ") == "")
    }

    @Test(arguments: [
        ("Máy tính để bàn", "MÁY TÍNH ĐỂ BÀN"),
        ("Máy tính để bàn", "  máy   tính để bàn "),
        ("Máy tính để bàn", "Ma\u{0301}y ti\u{0301}nh đê\u{0309} ba\u{0300}n"),  // NFD
        ("Hóa", "Hoá"),  // tone placement
        ("Thủy", "Thuỷ"),
        ("Đồng", "\u{00D0}ồng"),  // Ð typed for Đ
    ])
    func sameKey(_ a: String, _ b: String) {
        #expect(Text.matchKey(a) == Text.matchKey(b))
    }

    @Test(arguments: [("Máy in", "Máy ín"), ("Hỏng", "Hong"), ("ban", "bàn")])
    func differentKey(_ a: String, _ b: String) {
        #expect(Text.matchKey(a) != Text.matchKey(b))
    }
}

struct PeriodTests {
    @Test func parsesQuarters() {
        #expect(Period("2026-Q3") == Period(year: 2026, quarter: 3))
        #expect(Period("2026-q1") == Period(year: 2026, quarter: 1))
        #expect(Period("2026-Q5") == nil)
        #expect(Period("26-Q1") == nil)
        #expect(Period("2026Q1") == nil)
    }

    @Test func quarterDaysAndMerger() {
        let q1 = Period(year: 2024, quarter: 1)!
        #expect(q1.lastDay == CivilDate(year: 2024, month: 3, day: 31))
        #expect(Period(year: 2024, quarter: 4)!.lastDay.adding(days: 15) == CivilDate(year: 2025, month: 1, day: 15))
        #expect(Period(year: 2025, quarter: 2)!.isBeforeMerger)
        #expect(!Period(year: 2025, quarter: 3)!.isBeforeMerger)
    }

    @Test func vietnamDateFromInstant() {
        // 2026-10-15 17:30 UTC is already 16 October in Hà Nội (UTC+7).
        let instant = ISO8601DateFormatter().date(from: "2026-10-15T17:30:00Z")!
        #expect(CivilDate.inVietnam(instant) == CivilDate(year: 2026, month: 10, day: 16))
        #expect(CivilDate(iso: "2026-02-29") == nil)
        #expect(CivilDate(iso: "2024-02-29") == CivilDate(year: 2024, month: 2, day: 29))
    }
}

struct SubmissionNameTests {
    @Test func parsesTheConvention() {
        let name = SubmissionName(fileName: "79_2026-Q3_Hardware.CSV")
        #expect(name?.provinceCode == "79")
        #expect(name?.period == Period(year: 2026, quarter: 3))
        #expect(name?.dataset == .hardware)
        #expect(SubmissionName(fileName: "79_2026-Q3_spending.csv.gz")?.isGzip == true)
        #expect(SubmissionName(fileName: "79_2026-Q3.xml")?.dataset == nil)
    }

    @Test(arguments: [
        "79_2026-Q3_nhanluc.csv", "hardware.csv", "7_2026-Q3_hardware.csv", "79_2026-Q3_hardware.xlsx",
        "79-2026-Q3-hardware.csv", "79_2026_Q3_hardware.csv",
    ])
    func rejectsOtherNames(_ file: String) {
        #expect(SubmissionName(fileName: file) == nil)
    }

    @Test func malformedQuarterIsKeptForEPeriod() {
        let name = SubmissionName(fileName: "79_2026-Q7_staffing.csv")
        #expect(name != nil && name?.period == nil && name?.periodText == "2026-Q7")
    }
}
