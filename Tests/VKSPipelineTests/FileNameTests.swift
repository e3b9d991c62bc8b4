import Foundation
import Testing
import VKSModel

@testable import VKSPipeline

struct FileNameTests {
    @Test func parsesTheConvention() {
        let name = SubmissionName(fileName: "79_2026-Q3_Hardware.CSV")
        #expect(name?.provinceCode == "79")
        #expect(name?.period == Period(year: 2026, quarter: 3))
        #expect(name?.dataset == .hardware)
        #expect(SubmissionName(fileName: "79_2026-Q3_spending.csv.gz")?.isGzip == true)
        #expect(SubmissionName(fileName: "79_2026-Q3.xml")?.dataset == nil)
        #expect(SubmissionName(fileName: "79_2026-Q3_Hardware.XLSX")?.format == .xlsx)
    }

    @Test(arguments: [
        "79_2026-Q3_nhanluc.csv", "hardware.csv", "7_2026-Q3_hardware.csv", "79_2026-Q3_hardware.xls",
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
