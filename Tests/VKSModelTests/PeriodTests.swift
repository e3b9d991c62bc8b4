import Foundation
import Testing
import VKSModel

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
