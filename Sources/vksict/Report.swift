import ArgumentParser
import Foundation
import VKSModel
import VKSPipeline
import VKSWarehouse

extension VKSICT {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Viết báo cáo HTML của một kỳ: mức đầy đủ, lỗi, chỉ tiêu theo tỉnh, xu hướng.",
            discussion: """
                Write the HTML report of a period: completeness, findings, indicators by province, trends.
                One self-contained file in Vietnamese (inline SVG and CSS, no script) that opens offline.
                Một tệp tự chứa bằng tiếng Việt (SVG và CSS nhúng sẵn, không có script), mở được khi không có mạng.
                """)

        @Option(help: "The period: a quarter (2026-Q3) or a year (2026).")
        var period: String

        @Option(name: .customLong("out"), help: "Where to write the report.")
        var output = "report.html"

        @Option(help: "Pipeline file.")
        var pipeline = "pipelines/nightly.yaml"

        @Option(help: "Warehouse SQLite file (overrides the pipeline file).")
        var db: String?

        func validate() throws {
            guard ReportingPeriod(period) != nil else {
                throw ValidationError("--period \(period): expected a quarter such as 2026-Q3 or a year such as 2026")
            }
        }

        func run() throws {
            try withExitCodes {
                var config = try PipelineConfig.load(pipeline)
                config.override(warehouse: db)
                let reference = try ReferenceData.load(from: config.reference)
                try ScopeOptions.checkPeriod(ReportingPeriod(period)!, today: Clock.system.today)
                let warehouse = try config.existingWarehouse()
                let indicators = try IndicatorCatalog.load(from: config.indicators).definitions
                _ = try warehouse.read {
                    try ReportWriter.write(
                        period: ReportingPeriod(period)!, to: output, reference: reference, indicators: indicators, $0)
                }
                standardError("báo cáo: \(output)")
            }
        }
    }
}
