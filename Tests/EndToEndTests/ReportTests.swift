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
