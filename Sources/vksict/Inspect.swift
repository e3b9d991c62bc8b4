import ArgumentParser
import Foundation
import VKSModel
import VKSPipeline
import VKSReaders

extension VKSICT {
    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Xem một tệp được đọc thế nào: bảng mã, dấu phân cách, ánh xạ tên cột và các dòng.",
            discussion: """
                Show how a file is read: encoding, delimiter, header mapping and records.
                The analyst's first tool when a province says \"but my file is fine\". Works on any CSV.
                Công cụ đầu tiên khi một tỉnh nói \"tệp của tôi không sai\". Dùng được với mọi tệp CSV.
                """)

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
                print("tệp:            \(inspection.file)")
                print("mã hóa:         \(inspection.encoding)\(scores(inspection))")
                print(
                    "dấu phân cách:  \(DelimiterSniffer.name(of: UInt8(ascii: Unicode.Scalar(inspection.delimiter)!)))"
                        + (inspection.hadSepLine ? " (dòng sep= của Excel)" : ""))
                print("bộ dữ liệu:     \(inspection.dataset?.rawValue ?? "(tên tệp không cho biết)")")
                if !inspection.skipped.isEmpty {
                    print("bỏ qua:         \(inspection.skipped.count) dòng tiêu đề biểu mẫu phía trên dòng tên cột")
                    for line in inspection.skipped {
                        print("  \(line.filter { !$0.isEmpty }.joined(separator: " | "))".showingInvisibles)
                    }
                }
                print("số bản ghi:     \(inspection.records.count) (sau dòng tên cột)")
                guard inspection.dataset != nil else {
                    print("tên cột:        \(inspection.header.joined(separator: " | "))".showingInvisibles)
                    return
                }
                print("tên cột:")
                for (header, column) in inspection.mapping {
                    print("  \(header) → \(column ?? "(không thuộc bộ dữ liệu: bỏ qua)")".showingInvisibles)
                }
                let checker = FileChecker(
                    reference: reference, options: try defaults.checkOptions(today: Clock.system.today))
                let result = try checker.check(deliveredName: file, open: { try FileByteSource(path: file) })
                let aliases = result.findings.filter { $0.code == .alias }
                if !aliases.isEmpty {
                    print("giá trị đọc qua bí danh:")
                    for finding in aliases {
                        print("  dòng \(finding.line ?? 0), \(finding.column ?? ""): \(finding.message)")
                    }
                }
                print(
                    "kiểm tra:       \(result.errorCount) lỗi, \(result.warningCount) cảnh báo (chi tiết: vksict check \(file))"
                )
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
            print("tệp:        \(inspection.file)")
            print(
                "định dạng:  XML (\(schema == nil ? "chưa đối chiếu lược đồ XSD" : "đã đối chiếu lược đồ XSD"))")
            print("mã hóa:     \(inspection.encoding)")
            print(
                "báo cáo:    "
                    + inspection.attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                    .joined(separator: " ").showingInvisibles)
            for (dataset, count) in inspection.rows.sorted(by: { $0.key < $1.key }) {
                print("  \(dataset): \(count) dòng")
            }
            for problem in inspection.problems {
                print(
                    ("  dòng \(problem.line): \(problem.kind)\(problem.element.map { " <\($0)>" } ?? ""): "
                        + problem.detail).showingInvisibles)
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
