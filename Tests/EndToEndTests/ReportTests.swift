import Foundation
import Testing

/// Whether Debian's chromium is installed (`.ci/run` installs it; a developer's machine may not have it).
let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
    FileManager.default.isExecutableFile(atPath: $0)
}

/// The HTML report for planning staff (issue 6).
struct ReportTests {
    func report(_ workdir: Workdir) throws -> String {
        try HandInbox.deliver(to: workdir)
        try workdir.vksict("run")
        let outcome = try workdir.run([
            "report", "--period", "2026-Q3", "--out", "report.html", "--pipeline", workdir.pipeline,
        ])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        return String(decoding: try workdir.bytes("report.html"), as: UTF8.self)
    }

    @Test func selfContainedVietnameseAndFormattedTheVietnameseWay() throws {
        let html = try report(try Workdir())
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"vi\">"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("url("))
        #expect(html.contains("Tình hình nộp báo cáo"))
        #expect(html.contains(">0,087</text>"))  // I01 of 79: 0.086667
        #expect(html.contains(">670.000</text>"))  // I08 of 79 in đồng
        #expect(html.contains("Toàn quốc: 2,33"))  // I11 national: 2.333333
        #expect(html.contains(">83,8%</text>"))  // I09 of 79: 0.8375
    }

    /// SPEC §10: bars best first, each carrying the value `indicators_detail.csv.gz` holds; the best and
    /// worst named; every finding code shown explained; as of when.
    @Test func theChartsShowWhatTheDetailExportHolds() throws {
        let workdir = try Workdir()
        let html = try report(workdir)
        #expect(html.contains("Số liệu tính đến 05/10/2026 10:00 (giờ Việt Nam)."))
        let detail = try workdir.csvRows("2026-Q3", "indicators_detail.csv.gz").dropFirst()
        let charts = html.components(separatedBy: "<svg class=\"chart bars\" data-indicator=\"").dropFirst()
        #expect(charts.count == 15)
        for chart in charts {
            let indicator = String(chart.prefix { $0 != "\"" })
            let bars = chart.components(separatedBy: "</svg>")[0].components(separatedBy: "<rect class=\"bar")
                .dropFirst()
                .map { bar in
                    (
                        province: Self.attribute("data-province", in: bar),
                        value: Self.attribute("data-value", in: bar)
                    )
                }
            #expect(bars.count == 34)
            for bar in bars {
                let row = detail.first { $0[1] == bar.province && $0[3] == indicator }
                #expect(row?[6] == bar.value, "\(indicator) \(bar.province)")
            }
            // Best first: the values with one, in order, then the provinces without.
            let values = bars.compactMap { Double($0.value) }
            #expect(bars.prefix(values.count).allSatisfy { !$0.value.isEmpty })
            let lowerIsBetter = ["I02", "I03"].contains(indicator)
            #expect(values == values.sorted(by: lowerIsBetter ? (<) : (>)), "\(indicator)")
        }
        // The best and the worst provinces are named above each chart.
        #expect(html.contains("Tốt nhất: <span class=\"best\">"))
        // Every code in the findings table is explained in Vietnamese beneath it.
        #expect(html.contains("<dt>E_RANGE</dt><dd data-code=\"E_RANGE\">giá trị ngoài khoảng cho phép</dd>"))
        let codes = html.components(separatedBy: "<abbr title=\"").count - 1
        #expect(codes > 0 && html.components(separatedBy: "<dd data-code=").count - 1 == codes)
        // A tile map per indicator, 34 squares each, chosen with radio buttons (no script).
        #expect(html.components(separatedBy: "<svg class=\"tilemap\"").count - 1 == 15)
        #expect(html.components(separatedBy: "<g class=\"tile ").count - 1 == 15 * 34)
        #expect(html.components(separatedBy: "<input type=\"radio\" name=\"ban-do\"").count - 1 == 15)
        #expect(html.contains("id=\"can-chu-y\""))
    }

    /// The change against the quarter before and a year earlier, and a time axis proportional to time:
    /// 2025-Q3 → 2026-Q2 is three quarters wide, 2026-Q2 → 2026-Q3 one.
    @Test func changesAndATimeAxisProportionalToTime() throws {
        let workdir = try Workdir()
        let header = "unit_code,total_staff,procurators,it_staff\n"
        try workdir.deliver("79/79_2026-Q3_staffing.csv", header + "79,100,40,4\n")
        try workdir.deliver("79/79_2026-Q2_staffing.csv", header + "79,100,40,3\n")
        try workdir.deliver("79/79_2025-Q3_staffing.csv", header + "79,100,40,5\n")
        #expect(try workdir.vksict("run").status == 0)
        #expect(
            try workdir.run(["report", "--period", "2026-Q3", "--out", "r.html", "--pipeline", workdir.pipeline]).status
                == 0)
        let html = String(decoding: try workdir.bytes("r.html"), as: UTF8.self)
        #expect(
            html.contains(
                "Toàn quốc: <b>4,00</b> · so với 2026-Q2: <span class=\"change better\">+1,00</span> · so với cùng kỳ "
                    + "2025-Q3: <span class=\"change worse\">−1,00</span>"))
        let trend = html.components(separatedBy: "<svg class=\"chart trend\" data-indicator=\"I11\"")[1]
            .components(separatedBy: "</svg>")[0]
        let xs = trend.components(separatedBy: "<circle ").dropFirst().compactMap {
            Double(Self.attribute("cx", in: $0))
        }
        #expect(xs.count == 3)
        if xs.count == 3 { #expect(abs((xs[1] - xs[0]) - 3 * (xs[2] - xs[1])) < 0.2, "\(xs)") }
        // The year's report says which quarters it lacks.
        #expect(
            try workdir.run(["report", "--period", "2026", "--out", "y.html", "--pipeline", workdir.pipeline]).status
                == 0)
        let year = String(decoding: try workdir.bytes("y.html"), as: UTF8.self)
        #expect(year.contains("Số liệu năm 2026 chưa đủ các quý: 2026-Q1 (34 tỉnh chưa đủ)"))
    }

    static func attribute(_ name: String, in text: String) -> String {
        guard let start = text.range(of: name + "=\"")?.upperBound else { return "" }
        return String(text[start...].prefix { $0 != "\"" })
    }

    @Test func runWritesTheReportWhenThePipelineFileAsks() throws {
        let workdir = try Workdir()
        try (String(contentsOfFile: workdir.pipeline, encoding: .utf8) + "\nreport: true\n")
            .write(toFile: workdir.pipeline, atomically: true, encoding: .utf8)
        try HandInbox.deliver(to: workdir)
        try workdir.vksict("run")
        #expect(FileManager.default.fileExists(atPath: workdir.exports + "/2026-Q3/report.html"))
        let manifest = String(decoding: try workdir.bytes("exports/2026-Q3/manifest.json"), as: UTF8.self)
        #expect(manifest.contains("\"name\": \"report.html\""))
    }

    @Test(.enabled(if: chromium != nil, "needs Debian's chromium (installed by .ci/run)"))
    func whatAReaderSeesInChromium() throws {
        let workdir = try Workdir()
        _ = try report(workdir)
        let page = "file://" + workdir.path + "/report.html"
        let dom = try workdir.runTool(
            chromium!,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr",
                "--v=0", "--dump-dom", page,
            ])
        #expect(!dom.stderr.contains("Uncaught"), "\(dom.stderr)")
        // Every province has a bar in every indicator chart.
        let charts = dom.stdout.components(separatedBy: "<svg class=\"chart bars\"").dropFirst()
        #expect(charts.count == 15)
        for chart in charts {
            let svg = chart.components(separatedBy: "</svg>")[0]
            #expect(svg.components(separatedBy: "<rect class=\"bar").count - 1 == 34)
        }
        // The completeness matrix: 34 × 4 cells, in the states `status` gives.
        let cells = dom.stdout.components(separatedBy: "data-state=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(cells.count == 34 * 4)
        let status = try workdir.vksict("status", "--format", "csv").stdout.split(separator: "\n").dropFirst()
        for line in status {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let expected = fields[4] == "accepted" ? (fields[5] == "0" ? "late" : "accepted") : fields[4]
            #expect(
                dom.stdout.contains(
                    "data-province=\"\(fields[1])\" data-dataset=\"\(fields[3])\" data-state=\"\(expected)\""),
                "\(line)")
        }
        // And a picture of it.
        let shot = workdir.path + "/report.png"
        _ = try workdir.runTool(
            chromium!,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--window-size=1200,2000", "--screenshot=" + shot, page,
            ])
        let png = try Data(contentsOf: URL(fileURLWithPath: shot))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(png.count > 20_000)
    }
}
