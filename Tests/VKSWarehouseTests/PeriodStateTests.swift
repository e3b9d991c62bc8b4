import GRDB
import Testing
import VKSModel

@testable import VKSWarehouse

/// What each period still owes the later stages, on an in-memory warehouse.
struct PeriodStateTests {
    @Test func aNewQuarterIsOwedWholeWithItsYear() throws {
        let warehouse = try Warehouse()
        try warehouse.write { db in
            try PeriodState.markForAggregate(["2026-Q3"], province: "79", datasets: [.staffing], db)
            #expect(try PeriodState.periodsNeedingAggregate(db) == ["2026", "2026-Q3"])
            // First time seen: every province is owed, whatever the file that brought it.
            #expect(try PeriodState.provincesToAggregate("2026-Q3", db) == nil)
            #expect(try PeriodState.provincesToAggregate("2026", db) == nil)
        }
    }

    @Test func aKnownPeriodOwesOnlyTheProvincesAndDatasetsThatChanged() throws {
        let warehouse = try Warehouse()
        try warehouse.write { db in
            try PeriodState.markForAggregate(["2026-Q3"], db)
            try PeriodState.aggregated("2026-Q3", db)
            try PeriodState.exported("2026-Q3", db)
            #expect(try PeriodState.periodsNeedingAggregate(db) == ["2026"])

            try PeriodState.markForAggregate(["2026-Q3"], province: "79", datasets: [.hardware], db)
            try PeriodState.markForAggregate(["2026-Q3"], province: "01", datasets: [.staffing], db)
            #expect(try PeriodState.provincesToAggregate("2026-Q3", db) == ["01", "79"])
            #expect(try PeriodState.datasetsToAggregate("2026-Q3", db) == [.hardware, .staffing])
            #expect(try PeriodState.provincesToExport("2026-Q3", db) == ["01", "79"])

            try PeriodState.aggregated("2026-Q3", db)
            #expect(!(try PeriodState.periodsNeedingAggregate(db).contains("2026-Q3")))
            // Export still owes the two provinces until it has caught up.
            #expect(try PeriodState.periodsNeedingExport(db).contains("2026-Q3"))
            #expect(try PeriodState.provincesToExport("2026-Q3", db) == ["01", "79"])
            try PeriodState.exported("2026-Q3", db)
            #expect(!(try PeriodState.periodsNeedingExport(db).contains("2026-Q3")))
        }
    }

    @Test func aMarkForEveryProvinceOutranksProvinceMarks() throws {
        let warehouse = try Warehouse()
        try warehouse.write { db in
            try PeriodState.markForAggregate(["2026-Q3"], db)
            try PeriodState.aggregated("2026-Q3", db)
            try PeriodState.markForAggregate(["2026-Q3"], province: "79", datasets: [.hardware], db)
            try PeriodState.markForAggregate(["2026-Q3"], db)  // new reference data, say
            #expect(try PeriodState.provincesToAggregate("2026-Q3", db) == nil)
            #expect(try PeriodState.datasetsToAggregate("2026-Q3", db) == nil)
        }
    }
}
