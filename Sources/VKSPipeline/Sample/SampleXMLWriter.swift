import Foundation
import VKSModel
import VKSReaders

/// Writes one province's quarter as an XML submission (SPEC §4, `schemas/submission-v1.xsd`), as a
/// province's own system would: UTF-8, codes or aliases as the style says, numbers plain.
struct SampleXMLWriter {
    let reference: ReferenceData
    let style: SampleStyle

    /// Returns the name written (with `.gz` when the style gzips).
    func write(folder: String, province: String, period: Period, submission: [(Dataset, [[String: String]])]) throws
        -> String
    {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let name = "\(province)_\(period).xml" + (style.gzip ? ".gz" : "")
        let file = try AtomicFile(path: folder + "/" + name)
        let gzip = style.gzip ? try GzipWriter(destination: file) : nil
        let sink: ByteSink = gzip ?? file
        // The submission time is the quarter's deadline day: deterministic, and plausible.
        let submitted = period.lastDay.adding(days: 10)
        try sink.write(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <submission xmlns="urn:vksnd:cuc2:ict:1" province="\(province)" period="\(period)" \
            submittedAt="\(submitted)T09:00:00+07:00">

            """)
        for (dataset, table) in submission {
            try sink.write("  <\(dataset.rawValue)>\n")
            for row in table {
                var line = "    <row>"
                for column in dataset.schema.columns {
                    guard let value = row[column.name], !value.isEmpty else { continue }
                    line += "<\(column.name)>\(escape(written(value, column)))</\(column.name)>"
                }
                try sink.write(line + "</row>\n")
            }
            try sink.write("  </\(dataset.rawValue)>\n")
        }
        try sink.write("</submission>\n")
        try gzip?.finish()
        try file.commit()
        return name
    }

    /// Codes through an alias when the style says so; everything else as generated.
    private func written(_ value: String, _ column: DatasetColumn) -> String {
        if style.aliases, case .code(let list) = column.type, let entry = reference.list(list).entry(value) {
            return entry.aliases.first ?? entry.name
        }
        return value
    }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
