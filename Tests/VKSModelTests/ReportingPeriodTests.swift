import Testing
import VKSModel

@Suite struct ReportingPeriodTests {
    @Test func readsQuartersAndYearsAndNothingElse() {
        #expect(ReportingPeriod("2026-Q3") == .quarter(Period(year: 2026, quarter: 3)!))
        #expect(ReportingPeriod("2026-q3")?.description == "2026-Q3")
        #expect(ReportingPeriod("2026") == .year(2026))
        for text in ["2026-Q5", "2026-Q0", "26", "20260", "2026-", "Q3-2026", "２０２６", "+202", ""] {
            #expect(ReportingPeriod(text) == nil, "\(text)")
        }
    }

    @Test func aQuarterBelongsToItsYearAndAYearCoversItsQuarters() {
        let quarter = ReportingPeriod("2025-Q2")!
        #expect(quarter.year == .year(2025))
        #expect(quarter.withItsYear == [quarter, .year(2025)])
        #expect(ReportingPeriod.year(2025).covers(quarter))
        #expect(!ReportingPeriod.year(2026).covers(quarter))
        #expect(!quarter.covers(.year(2025)))
        #expect(ReportingPeriod.year(2025).lastQuarter.description == "2025-Q4")
    }

    /// Exports and listings have always sorted periods as text; the type keeps that order.
    @Test func sortsAsItsTextSorts() {
        let texts = ["2026-Q1", "2025-Q4", "2026", "2025", "2025-Q1"]
        #expect(texts.compactMap(ReportingPeriod.init).sorted().map(\.description) == texts.sorted())
    }
}
