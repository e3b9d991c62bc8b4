import ArgumentParser
import Foundation
import VKSModel
import VKSPipeline

extension VKSICT {
    struct Sample: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Tạo dữ liệu mẫu giống thật cho mọi tỉnh và mọi kỳ (theo hạt giống, tạo lại được y hệt).",
            discussion: """
                Write realistic synthetic submissions for every province and period (seeded, reproducible).
                """)

        @Option(help: "Folder to write the inbox into.")
        var out: String

        @Option(help: "Random seed: the same seed writes the same bytes.")
        var seed: UInt64 = 1

        @Option(help: "Scale: hardware and spending rows per unit grow with it (1 ≈ 7k rows a quarter).")
        var scale = 1

        // `--period` as every other command spells it; `--periods`, the old spelling, still works.
        @Option(
            name: [.customLong("period"), .customLong("periods")],
            help: "Quarters, comma-separated or repeated (e.g. 2026-Q2,2026-Q3).")
        var periods: [String]

        private var quarterTexts: [String] {
            periods.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        }

        @Option(help: "Share of files given one deliberate error, 0 to 1.")
        var errorShare = 0.03

        @Option(help: "How often each office habit (legacy encodings, aliases, gzip…) shows, 0 (clean) to 1.")
        var messyShare = 0.3

        @Option(help: "Share of provinces sending their quarter as one XML file, 0 to 1.")
        var xmlShare = 0.0

        @Option(help: "Share of CSV returns sent as Excel workbooks (.xlsx) instead, 0 to 1.")
        var xlsxShare = 0.0

        @Option(help: "Pipeline file, for its reference data (provinces, units, code lists).")
        var pipeline = "pipelines/nightly.yaml"

        func validate() throws {
            guard scale >= 1 else { throw ValidationError("--scale must be at least 1") }
            guard (0...1).contains(errorShare) else { throw ValidationError("--error-share must be between 0 and 1") }
            guard (0...1).contains(messyShare) else { throw ValidationError("--messy-share must be between 0 and 1") }
            guard (0...1).contains(xmlShare) else { throw ValidationError("--xml-share must be between 0 and 1") }
            guard (0...1).contains(xlsxShare) else { throw ValidationError("--xlsx-share must be between 0 and 1") }
            for text in quarterTexts where Period(text) == nil {
                throw ValidationError("--period \(text): expected quarters such as 2026-Q3")
            }
        }

        func run() throws {
            try withExitCodes {
                let config = try PipelineConfig.load(pipeline)
                let reference = try ReferenceData.load(from: config.reference)
                let options = SampleOptions(
                    output: out, seed: seed, scale: scale,
                    periods: quarterTexts.compactMap(Period.init),
                    errorShare: errorShare, messyShare: messyShare, xmlShare: xmlShare, xlsxShare: xlsxShare,
                    deadlineDays: config.deadlineDays)
                let summary = try SampleGenerator(reference: reference).write(options)
                standardError(
                    "sample: \(summary.files) files, \(summary.rows) rows, "
                        + "\(summary.plantedErrors.count) files with a deliberate error, \(summary.lateFiles) sent late; "
                        + "arrival times in \(out)/arrivals.csv (the pipeline file's `arrivals` key reads them)")
            }
        }
    }
}
