import Foundation
import Testing

/// SPEC §9: `indicators_detail.csv.gz` and `indicator_catalog.csv.gz`, for planners: each value in
/// its unit beside its sums, rank and quartile, and its change against the period before and a year
/// earlier; each definition's header and file.
struct IndicatorDetailTests {
    static let header = "unit_code,total_staff,procurators,it_staff,it_engineers\n"

    /// Three provinces in 2026-Q3, Hồ Chí Minh City also a quarter and a year earlier.
    func workdirWithThreeProvinces() throws -> Workdir {
        let workdir = try Workdir()
        try workdir.deliver("79/79_2026-Q3_staffing.csv", Self.header + "79,100,40,4,1\n")
        try workdir.deliver("01/01_2026-Q3_staffing.csv", Self.header + "01,50,20,2,\n")
        try workdir.deliver("48/48_2026-Q3_staffing.csv", Self.header + "48,100,40,2,\n")
        try workdir.deliver("79/79_2026-Q2_staffing.csv", Self.header + "79,100,40,3,\n")
        try workdir.deliver("79/79_2025-Q3_staffing.csv", Self.header + "79,100,40,5,\n")
        #expect(try workdir.vksict("run").status == 0)
        return workdir
    }

    @Test func eachValueWithItsSumsRankQuartileAndChanges() throws {
        let workdir = try workdirWithThreeProvinces()
        let rows = try workdir.exportRows("2026-Q3", "indicators_detail.csv.gz")
        #expect(rows.first == IndicatorDetailColumns.all)
        // Every province has its row; those that sent nothing have no value.
        #expect(rows.filter { $0[3] == "I11" }.count == 1 + 34)
        let i11 = rows.filter { $0[3] == "I11" && !$0[6].isEmpty }
        let title = "Cán bộ chuyên trách CNTT trên 100 cán bộ"
        #expect(
            i11 == [
                // The national row: pooled sums, no rank; a quarter earlier only 79 had sent (3).
                [
                    "2026-Q3", "00", "Toàn quốc", "I11", title, "người/100 cán bộ", "3.2", "800", "250", "", "", "3",
                    "0.2", "5", "-1.8",
                ],
                // 79 and 01 tie at 4 and share rank 1; 48 is third, in the third quartile of three.
                [
                    "2026-Q3", "01", "Thành phố Hà Nội", "I11", title, "người/100 cán bộ", "4", "200", "50", "1", "1",
                    "", "", "", "",
                ],
                [
                    "2026-Q3", "48", "Thành phố Đà Nẵng", "I11", title, "người/100 cán bộ", "2", "200", "100", "3", "3",
                    "", "", "", "",
                ],
                [
                    "2026-Q3", "79", "Thành phố Hồ Chí Minh", "I11", title, "người/100 cán bộ", "4", "400", "100", "1",
                    "1", "3", "1", "5", "-1",
                ],
            ])
        // A share is shown in its unit (%): 1 engineer of 4 IT staff is 25, not 0.25; the provinces
        // that left it blank have no value and no rank.
        let i12 = rows.filter { $0[3] == "I12" && $0[1] == "79" }.first
        #expect(i12.map { Array($0[5...10]) } == ["%", "25", "1", "4", "1", "1"])
        #expect(rows.filter { $0[3] == "I12" && $0[1] == "48" }.first?[9] == "")
    }

    /// The year's quarters side by side, and the year's own value (a stock: its latest quarter).
    @Test func aYearHasItsQuartersSideBySide() throws {
        let workdir = try workdirWithThreeProvinces()
        let rows = try workdir.csvRows("2026", "indicators_by_quarter.csv.gz")
        #expect(
            rows.first == [
                "period", "province_code", "province_name", "indicator", "title", "unit", "q1", "q2", "q3", "q4",
                "year",
            ])
        #expect(
            rows.first { $0[1] == "79" && $0[3] == "I11" }
                == [
                    "2026", "79", "Thành phố Hồ Chí Minh", "I11", "Cán bộ chuyên trách CNTT trên 100 cán bộ",
                    "người/100 cán bộ", "", "3", "4", "", "4",
                ])
        // A share in its unit: 25 (%), not 0.25.
        #expect(rows.first { $0[1] == "79" && $0[3] == "I12" }.map { Array($0[6...]) } == ["", "", "25", "", "25"])
    }

    @Test func theCatalogGivesEachDefinitionsHeaderAndFile() throws {
        let workdir = try workdirWithThreeProvinces()
        let rows = try workdir.exportRows("2026-Q3", "indicator_catalog.csv.gz")
        #expect(rows.first == ["indicator", "name", "title", "unit", "scale", "decimals", "better", "reads", "file"])
        #expect(
            rows.first { $0.first == "I11" }
                == [
                    "I11", "it_staff_per_100_staff", "Cán bộ chuyên trách CNTT trên 100 cán bộ", "người/100 cán bộ",
                    "1", "2", "higher", "staffing", "I11_it_staff_per_100_staff.sql",
                ])
        #expect(rows.count == 1 + 15)  // I01…I14 and I13T
        let manifest = String(decoding: try workdir.bytes("exports/2026-Q3/manifest.json"), as: UTF8.self)
        #expect(manifest.contains("\"name\": \"indicators_detail.csv.gz\""))
        #expect(manifest.contains("\"name\": \"indicator_catalog.csv.gz\""))
    }
}

enum IndicatorDetailColumns {
    static let all = [
        "period", "province_code", "province_name", "indicator", "title", "unit", "value", "numerator",
        "denominator", "rank", "quartile", "previous_value", "change_vs_previous", "last_year_value",
        "change_vs_last_year",
    ]
}
