import Foundation
import Testing

/// W_OUTLIER: a province against its own history, robust to skewed and zero-heavy series.
struct OutlierTests {
    func run(totals: [String: Int], itStaff: [String: Int], extraYAML: String = "") throws -> [[String]] {
        let workdir = try Workdir()
        try (String(contentsOfFile: workdir.pipeline, encoding: .utf8) + extraYAML)
            .write(toFile: workdir.pipeline, atomically: true, encoding: .utf8)
        // Hà Nội (01), whose area the 2025 merger left as it was: its history runs straight across.
        for (quarter, total) in totals {
            try workdir.deliver(
                "01_\(quarter)_staffing.csv",
                "unit_code,total_staff,procurators,it_staff\n01,\(total),\(total / 2),\(itStaff[quarter] ?? 0)\n")
        }
        #expect(try workdir.vksict("run").status == 0)
        let found = try workdir.exportRows("2026-Q2", "findings.csv.gz").filter { $0.count > 6 && $0[6] == "W_OUTLIER" }
        // The same warnings from the command line.
        let listed = try workdir.vksict("rejections", "--warnings", "--period", "2026-Q2").stdout
        #expect(listed.components(separatedBy: "W_OUTLIER").count - 1 == found.count)
        return found
    }

    static let quarters = ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2"]
    /// One wild quarter (900) in the history: mean ± 3σ of it (262 ± 957) would let 600 through.
    static let skewed = [100, 110, 95, 900, 105]
    static let noYearOnYear = "\noutliers:\n  max_change_vs_last_year: 100\n"

    @Test func robustScoreFlagsWhatMeanAndSigmaWouldMiss() throws {
        let totals = Dictionary(uniqueKeysWithValues: zip(Self.quarters, Self.skewed + [600]))
        let found = try run(totals: totals, itStaff: [:], extraYAML: Self.noYearOnYear)
        #expect(found.count == 1)
        #expect(found.first?[5] == "total_staff")
        #expect(found.first?[8] == "600")
        #expect(found.first?[7] == "warning")
        // The message may hold commas (Vietnamese decimals): take every cell from the message on.
        let message = found.first.map { $0[9...].joined(separator: ",") } ?? ""
        #expect(message.contains("trung vị 105"))
        #expect(message.contains("độ lệch tuyệt đối trung vị 5,"))
    }

    @Test func anOrdinaryQuarterAfterAWildOneIsNotFlagged() throws {
        let totals = Dictionary(uniqueKeysWithValues: zip(Self.quarters, Self.skewed + [120]))
        #expect(try run(totals: totals, itStaff: [:], extraYAML: Self.noYearOnYear).isEmpty)
    }

    @Test func zeroHeavyHistoryGivesNoScore() throws {
        let totals = Dictionary(uniqueKeysWithValues: zip(Self.quarters, [100, 100, 100, 100, 100, 100]))
        let itStaff = ["2026-Q2": 2]  // zeros until now: no spread to judge by, and nothing last year to compare
        #expect(try run(totals: totals, itStaff: itStaff).isEmpty)
    }

    @Test func sameQuarterLastYear() throws {
        let totals = ["2025-Q2": 100, "2026-Q2": 250]
        let found = try run(totals: totals, itStaff: [:])
        #expect(found.map { $0[5] } == ["total_staff"])
        #expect(found.first.map { $0[9...].joined(separator: ",") }?.contains("gấp 2,5 lần") == true)
    }
}

/// Issue 16, item 9: across the 2025-Q3 merger, W_OUTLIER compares today's province with its former
/// provinces pooled, never with one of them.
struct OutlierAcrossTheMergerTests {
    /// Today's 79 absorbed the former 74, 77 and 79.
    func outliers(formerSenders: [String], staffNow: Int) throws -> [[String]] {
        let workdir = try Workdir()
        workdir.now = "2026-07-10T03:00:00Z"
        for code in formerSenders {
            try workdir.deliver(
                "\(code)_2025-Q2_staffing.csv", "unit_code,total_staff,procurators,it_staff\n\(code),100,40,4\n")
        }
        try workdir.deliver(
            "79_2026-Q2_staffing.csv", "unit_code,total_staff,procurators,it_staff\n79,\(staffNow),40,12\n")
        #expect(try workdir.vksict("run").status == 0)
        return try workdir.exportRows("2026-Q2", "findings.csv.gz").filter { $0.count > 6 && $0[6] == "W_OUTLIER" }
    }

    @Test func oneFormerProvinceAloneIsNoYardstick() throws {
        // 280 against the former 79's 100 would read "gấp 2,8 lần"; 74 and 77 did not send.
        #expect(try outliers(formerSenders: ["79"], staffNow: 280).isEmpty)
    }

    @Test func allFormerProvincesPooledAreTheYardstick() throws {
        #expect(try outliers(formerSenders: ["74", "77", "79"], staffNow: 280).isEmpty)
        let found = try outliers(formerSenders: ["74", "77", "79"], staffNow: 700)
        #expect(found.map { $0[5] } == ["total_staff"])
        #expect(
            found.first.map { $0[9...].joined(separator: ",") }?.contains(
                "700 so với 300 cùng kỳ năm trước (2025-Q2): gấp 2,3 lần") == true)
    }
}
