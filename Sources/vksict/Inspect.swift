import ArgumentParser
import Foundation
import VKSPipeline
import VKSReaders

extension VKSICT {
    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show how a file is read: encoding, delimiter, header mapping and records.",
            discussion: "The analyst's first tool when a province says \"but my file is fine\". Works on any CSV.")

        @Argument(help: "The file to inspect (.csv or .csv.gz).")
        var file: String

        @Flag(help: "Print one JSON object: file, encoding, delimiter, dataset, header, records.")
        var json = false

        @Option(
            help:
                "Pipeline file: its reference data shows the values read through aliases (default: pipelines/nightly.yaml if present, else the built-in reference data)."
        )
        var pipeline: String?

        func run() throws {
            try withExitCodes {
                // Inspect works on any CSV, anywhere: with the pipeline folder's settings, or the built-in ones.
                guard FileManager.default.fileExists(atPath: file) else { throw PipelineError.inputMissing(file) }
                let defaults = try CheckDefaults(pipeline: pipeline)
                let config = defaults.config
                let lower = file.lowercased()
                if lower.hasSuffix(".xml") || lower.hasSuffix(".xml.gz") {
                    try inspectXML(config: config)
                    return
                }
                let reference = try defaults.reference()
                let inspection = try FileInspector.inspect(
                    path: file, limits: config?.limits ?? Limits(),
                    overrides: config?.fileOverrides ?? [], headers: reference.columnHeaders)
                if json {
                    print(inspection.json)
                    return
                }
                print("file:      \(inspection.file)")
                print("encoding:  \(inspection.encoding)\(scores(inspection))")
                print(
                    "delimiter: \(DelimiterSniffer.name(of: UInt8(ascii: Unicode.Scalar(inspection.delimiter)!)))"
                        + (inspection.hadSepLine ? " (Excel sep= line)" : ""))
                print("dataset:   \(inspection.dataset?.rawValue ?? "(the name does not say)")")
                print("records:   \(inspection.records.count) after the header")
                guard inspection.dataset != nil else {
                    print("header:    \(inspection.header.joined(separator: " | "))")
                    return
                }
                print("header:")
                for (header, column) in inspection.mapping {
                    print("  \(header) → \(column ?? "(not a column of this dataset: ignored)")")
                }
                let checker = FileChecker(
                    reference: reference, options: try defaults.checkOptions(today: Clock.system.today))
                let result = try checker.check(deliveredName: file, open: { try FileByteSource(path: file) })
                let aliases = result.findings.filter { $0.code == .alias }
                if !aliases.isEmpty {
                    print("values read through aliases:")
                    for finding in aliases {
                        print("  line \(finding.line ?? 0), \(finding.column ?? ""): \(finding.message)")
                    }
                }
                print("check:     \(result.errorCount) errors, \(result.warningCount) warnings (vksict check \(file))")
            }
        }

        private func inspectXML(config: PipelineConfig?) throws {
            let schema =
                try? config.map { try XMLSchema(path: $0.schema) } ?? XMLSchema(text: SubmissionSchema.builtInText)
            let inspection = try XMLInspector.inspect(path: file, schema: schema, limits: config?.limits ?? Limits())
            if json {
                print(inspection.json)
                return
            }
            print("file:       \(inspection.file)")
            print(
                "format:     XML (\(schema == nil ? "not checked against the XSD: no pipeline file" : "checked against the XSD"))"
            )
            print("encoding:   \(inspection.encoding)")
            print(
                "submission: "
                    + inspection.attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                    .joined(separator: " "))
            for (dataset, count) in inspection.rows.sorted(by: { $0.key < $1.key }) {
                print("  \(dataset): \(count) rows")
            }
            for problem in inspection.problems {
                print(
                    "  line \(problem.line): \(problem.kind)\(problem.element.map { " <\($0)>" } ?? ""): \(problem.detail)"
                )
            }
        }

        private func scores(_ inspection: Inspection) -> String {
            guard !inspection.encodingScores.isEmpty else { return "" }
            let shown = inspection.encodingScores.sorted { $0.key.rawValue < $1.key.rawValue }
                .map { "\($0.key.rawValue) \($0.value == Int.min ? "impossible" : String($0.value))" }
            return " (Vietnamese syllable scores: \(shown.joined(separator: ", ")))"
        }
    }
}
