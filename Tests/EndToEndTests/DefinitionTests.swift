import Foundation
import Testing

/// SPEC §8: definitions declare themselves in a header; a new or changed one is computed for every
/// open period at the next run; one that fails is named and the rest still computed, exit 78.
struct DefinitionTests {
    static let i15 = """
        -- indicator: I15
        -- title: Máy in trên mỗi cán bộ
        -- unit: máy/người
        -- scale: 1
        -- better: none
        -- reads: hardware, staffing
        WITH printers AS (
            SELECT period, province_code, SUM(quantity) AS quantity FROM hardware_rollup_in_scope
            WHERE is_stock = 1 AND category = 'printer' GROUP BY period, province_code
        ),
        staff AS (
            SELECT period, province_code, SUM(total_staff) AS total_staff FROM staffing_in_scope
            WHERE is_stock = 1 GROUP BY period, province_code
        )
        SELECT staff.period, staff.province_code, printers.quantity AS numerator, staff.total_staff AS denominator
        FROM staff JOIN printers USING (period, province_code)

        """

    @Test func aNewDefinitionIsComputedForEveryOpenPeriodAtTheNextRun() throws {
        let workdir = try Workdir()
        let indicators = try workdir.useOwn("indicators")
        try (String(contentsOfFile: workdir.pipeline, encoding: .utf8) + "\nreport: true\n")
            .write(toFile: workdir.pipeline, atomically: true, encoding: .utf8)
        try HandInbox.deliver(to: workdir)
        try workdir.vksict("run")
        try Self.i15.write(toFile: indicators + "/I15_printers_per_staff.sql", atomically: true, encoding: .utf8)
        let night = try workdir.vksict("run")
        #expect(night.status == 0)  // nothing rejected this night
        #expect(!night.stderr.contains("không có kỳ nào cần tính lại"))
        // 79 has 4 printers and 150 staff; the quarter and its year both.
        #expect(indicator(try workdir.exportRows("2026-Q3", "indicators.csv.gz"), "79", "I15") == "0.026667")
        #expect(indicator(try workdir.exportRows("2026", "indicators.csv.gz"), "79", "I15") == "0.026667")
        let report = String(decoding: try workdir.bytes("exports/2026-Q3/report.html"), as: UTF8.self)
        #expect(report.contains("I15 — Máy in trên mỗi cán bộ (máy/người)"))
        #expect(try workdir.vksict("run").stderr.contains("aggregate: 0 tệp"))
    }

    @Test func aFailingDefinitionIsNamedAndTheOthersAreStillComputed() throws {
        let workdir = try Workdir()
        let indicators = try workdir.useOwn("indicators")
        try HandInbox.deliver(to: workdir)
        let broken = Self.i15.replacingOccurrences(of: "SUM(quantity)", with: "SUM(quantity_typo)")
        try broken.write(toFile: indicators + "/I15_printers_per_staff.sql", atomically: true, encoding: .utf8)
        let run = try workdir.vksict("run")
        #expect(run.status == 78)
        #expect(
            run.stderr.contains(
                "vksict: cấu hình sai — I15_printers_per_staff.sql: lỗi SQL: no such column: quantity_typo"))
        let rows = try workdir.exportRows("2026-Q3", "indicators.csv.gz")
        #expect(indicator(rows, "79", "I11") == "4")
        #expect(indicator(rows, "79", "I15") == nil)
        // Fixed: computed by the next run, which then exits as the data says.
        try Self.i15.write(toFile: indicators + "/I15_printers_per_staff.sql", atomically: true, encoding: .utf8)
        let fixed = try workdir.vksict("run")
        #expect(fixed.status == 0)
        #expect(indicator(try workdir.exportRows("2026-Q3", "indicators.csv.gz"), "79", "I15") == "0.026667")
    }

    /// A night that left a definition out (a broken header) while a province's figures changed: once
    /// the file is put back as it was, that province's figures are computed, not the stored ones kept.
    @Test func aDefinitionPutBackAfterANightLeftOutIsComputedAgain() throws {
        let workdir = try Workdir()
        let indicators = try workdir.useOwn("indicators")
        try HandInbox.deliver(to: workdir)
        try workdir.vksict("run")
        let file = indicators + "/I11_it_staff_per_100_staff.sql"
        let original = try String(contentsOfFile: file, encoding: .utf8)
        try original.replacingOccurrences(of: "-- reads: staffing\n", with: "").write(
            toFile: file, atomically: true, encoding: .utf8)
        try workdir.deliver(
            "79/lan-2/79_2026-Q3_staffing.csv",
            "unit_code,total_staff,procurators,it_staff\n79,200,40,4\n79-01,50,20,2\n")
        #expect(try workdir.vksict("run").status == 78)
        // the last values
        #expect(indicator(try workdir.exportRows("2026-Q3", "indicators.csv.gz"), "79", "I11") == "4")
        try original.write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try workdir.vksict("run").status == 0)
        // 100 × 6 / 250
        #expect(indicator(try workdir.exportRows("2026-Q3", "indicators.csv.gz"), "79", "I11") == "2.4")
    }

    @Test func twoFilesForOneIdAreBothNamed() throws {
        let workdir = try Workdir()
        let indicators = try workdir.useOwn("indicators")
        try FileManager.default.copyItem(
            atPath: indicators + "/I11_it_staff_per_100_staff.sql",
            toPath: indicators + "/I11_it_staff_per_100_staff_old.sql")
        try HandInbox.deliver(to: workdir)
        let run = try workdir.vksict("run")
        #expect(run.status == 78)
        #expect(run.stderr.contains("I11_it_staff_per_100_staff_old.sql: indicator: mã I11 có ở nhiều tệp"))
    }

    /// `export` alone after a new definition arrived, before `aggregate` computed it, is refused.
    @Test func exportBeforeANewDefinitionIsComputedIsRefused() throws {
        let workdir = try Workdir()
        let indicators = try workdir.useOwn("indicators")
        try HandInbox.deliver(to: workdir)
        try workdir.vksict("run")
        try Self.i15.write(toFile: indicators + "/I15_printers_per_staff.sql", atomically: true, encoding: .utf8)
        let refused = try workdir.vksict("export", "--period", "2026-Q3")
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("số liệu kỳ 2026-Q3 chưa được tính lại"))
        try workdir.vksict("aggregate")
        #expect(try workdir.vksict("export", "--period", "2026-Q3").status == 0)
        #expect(indicator(try workdir.exportRows("2026-Q3", "indicators.csv.gz"), "79", "I15") == "0.026667")
    }

    @Test(arguments: [
        (
            "-- indicator: I15\n-- title: X\n-- unit: %\n-- scale: 100\n-- better: higher\nSELECT 1",
            "I15_x.sql: reads: thiếu dòng `-- reads: …` ở đầu tệp"
        ),
        (
            "-- indicator: I16\n-- title: X\n-- unit: %\n-- scale: 100\n-- better: higher\n-- reads: hardware\nSELECT 1",
            "I15_x.sql: indicator: ghi I16 nhưng tên tệp cho mã I15"
        ),
        (
            "-- indicator: I15\n-- title: X\n-- unit: %\n-- scale: 100\n-- better: up\n-- reads: hardware\nSELECT 1",
            "I15_x.sql: better: là higher, lower hoặc none"
        ),
        (
            "-- indicator: I15\n-- title: X\n-- unit: %\n-- scale: 100\n-- better: higher\n-- reads: phancung\nSELECT 1",
            "I15_x.sql: reads: không biết phancung; dùng được: staffing, hardware, software, spending, indicators"
        ),
        (
            "-- indicator: I15\n-- title: X\n-- unit: %\n-- scale: 100\n-- better: higher\n-- reads: hardware\nSELECT 1 AS period",
            "I15_x.sql: kết quả thiếu cột province_code, numerator, denominator"
        ),
    ])
    func aDefinitionWithAWrongHeaderOrShapeIsNamed(_ sql: String, _ message: String) throws {
        let workdir = try Workdir()
        let indicators = try workdir.useOwn("indicators")
        try sql.write(toFile: indicators + "/I15_x.sql", atomically: true, encoding: .utf8)
        try HandInbox.deliver(to: workdir)
        let run = try workdir.vksict("run")
        #expect(run.status == 78)
        #expect(run.stderr.contains("vksict: cấu hình sai — " + message), "\(run.stderr)")
        #expect(indicator(try workdir.exportRows("2026-Q3", "indicators.csv.gz"), "79", "I11") == "4")
    }

    /// An edited table is computed again for every open period; a closed quarter keeps its rows.
    @Test func anEditedTableIsRecomputedForOpenPeriodsOnly() throws {
        let workdir = try Workdir()
        let tables = try workdir.useOwn("tables")
        workdir.now = "2026-07-10T03:00:00Z"
        try workdir.deliver(
            "79_2026-Q2_hardware.csv",
            "unit_code,category,quantity,in_use,acquired_year,funding_source\n79,desktop,10,9,2024,central\n")
        #expect(try workdir.vksict("run").status == 0)
        #expect(try workdir.run(["period", "close", "2026-Q2", "--pipeline", workdir.pipeline]).status == 0)
        workdir.now = "2026-10-05T03:00:00Z"
        try workdir.deliver(
            "79_2026-Q3_hardware.csv",
            "unit_code,category,quantity,in_use,acquired_year,funding_source\n79,desktop,12,9,2024,central\n")
        #expect(try workdir.vksict("run").status == 0)
        let file = tables + "/hardware_by_category.sql"
        try String(contentsOfFile: file, encoding: .utf8).replacingOccurrences(
            of: "SUM(h.quantity) AS quantity", with: "SUM(h.quantity) * 10 AS quantity"
        )
        .write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try workdir.vksict("run").status == 0)
        #expect(
            try workdir.exportRows("2026-Q3", "hardware_by_category.csv.gz").contains {
                $0.contains("desktop") && $0[4] == "120"
            })
        #expect(
            try workdir.exportRows("2026-Q2", "hardware_by_category.csv.gz").contains {
                $0.contains("desktop") && $0[4] == "10"
            })
    }

    @Test func anUnknownIndicatorInDtIndexIsNamedWithTheKnownOnes() throws {
        let workdir = try Workdir()
        try
            (String(contentsOfFile: workdir.pipeline, encoding: .utf8)
            + "\ndt_index:\n  I01: { weight: 1 }\n  I99: { weight: 1 }\n")
            .write(toFile: workdir.pipeline, atomically: true, encoding: .utf8)
        try HandInbox.deliver(to: workdir)
        let run = try workdir.vksict("run")
        #expect(run.status == 78)
        #expect(
            run.stderr.contains(
                "pipeline.yaml: dt_index.I99: không có chỉ số I99 trong pipelines/indicators; các chỉ số có: I01, I02"))
        #expect(indicator(try workdir.exportRows("2026-Q3", "indicators.csv.gz"), "79", "I11") == "4")
    }

    @Test(arguments: [
        ("deadline_days: -3", "khoá deadline_days: phải từ 0 đến 366 ngày"),
        ("deadline_days: mười lăm", "khoá deadline_days: cần một số nguyên"),
        ("on_row_error: reject", "khoá on_row_error: là reject_file hoặc quarantine_rows"),
        ("outliers:\n  min_history: 12", "khoá outliers.min_history: phải từ 1 đến history_quarters"),
        ("limits:\n  max_columns: 0", "khoá limits.max_columns: phải lớn hơn 0"),
    ])
    func aPipelineValueOutOfRangeExits78NamingTheKey(_ line: String, _ message: String) throws {
        let workdir = try Workdir()
        let yaml = try String(contentsOfFile: workdir.pipeline, encoding: .utf8)
        let key = String(line.prefix { $0 != ":" })
        let kept = yaml.split(separator: "\n").filter { !$0.hasPrefix(key + ":") }.joined(separator: "\n")
        try (kept + "\n" + line + "\n").write(toFile: workdir.pipeline, atomically: true, encoding: .utf8)
        let run = try workdir.vksict("run")
        #expect(run.status == 78)
        #expect(run.stderr.contains("tệp cấu hình \(workdir.pipeline) sai: " + message), "\(run.stderr)")
        #expect(!run.stderr.contains("DecodingError"))
    }

    @Test func aBadReferenceFileExits78NamingIt() throws {
        let workdir = try Workdir()
        let reference = try workdir.useOwnReferenceData()
        let file = reference + "/device_categories.csv"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try (text + "desktop2,Máy tính để bàn 2,PC\n").write(toFile: file, atomically: true, encoding: .utf8)
        let run = try workdir.vksict("run")
        #expect(run.status == 78)
        #expect(
            run.stderr.contains("cách viết \"pc\" chỉ cả mã") || run.stderr.contains("cách viết \"PC\" chỉ cả mã"),
            "\(run.stderr)")
    }
}
