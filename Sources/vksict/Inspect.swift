import ArgumentParser
import VKSPipeline

extension VKSICT {
    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show how a file is read: encoding, delimiter, header mapping and records.",
            discussion: "The analyst's first tool when a province says \"but my file is fine\". Works on any CSV.")

        @Argument(help: "The file to inspect (.csv or .csv.gz).")
        var file: String

        @Flag(help: "Print one JSON object: file, encoding, delimiter, dataset, header, records.")
        var json = false

        func run() throws {
            try withExitCodes {
                let inspection = try FileInspector.inspect(path: file)
                if json {
                    print(inspection.json)
                    return
                }
                print("file:      \(inspection.file)")
                print("encoding:  \(inspection.encoding)")
                print("delimiter: \(inspection.delimiter == "\t" ? "tab" : inspection.delimiter)")
                print("dataset:   \(inspection.dataset?.rawValue ?? "(the name does not say)")")
                print("records:   \(inspection.records.count) after the header")
                if inspection.dataset != nil {
                    print("header:")
                    for (header, column) in inspection.mapping {
                        print("  \(header) → \(column ?? "(not a column of this dataset: ignored)")")
                    }
                } else {
                    print("header:    \(inspection.header.joined(separator: " | "))")
                }
            }
        }
    }
}
