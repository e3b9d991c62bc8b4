import VKSModel
import VKSReaders

/// What `vksict inspect` reports about a file: how it was read, and its records as written.
public struct Inspection: Sendable {
    public let file: String
    public let encoding: String
    /// For files in a legacy encoding, how well each candidate read as Vietnamese.
    public let encodingScores: [TextEncoding: Int]
    public let delimiter: String
    public let hadSepLine: Bool
    public let dataset: Dataset?
    /// A form's title lines above the header (SPEC §4), not records.
    public let skipped: [[String]]
    public let header: [String]
    public let records: [[String]]
    /// For a file named after a dataset: each header cell and the dataset column it maps to (nil: unknown).
    public let mapping: [(header: String, column: String?)]

    /// The JSON object of SPEC §12: `file`, `encoding`, `delimiter`, `dataset`, `header`, `records`.
    public var json: String {
        var out = "{"
        out += "\"file\":" + JSON.string(file)
        out += ",\"encoding\":" + JSON.string(encoding)
        out += ",\"delimiter\":" + JSON.string(delimiter)
        out += ",\"dataset\":" + (dataset.map { JSON.string($0.rawValue) } ?? "null")
        out += ",\"header\":" + JSON.array(header)
        out += ",\"records\":[" + records.map(JSON.array).joined(separator: ",") + "]"
        return out + "}"
    }
}

/// Reads any CSV file (named by the convention or not) the way the pipeline would, without checking it.
public enum FileInspector {
    /// `headers`: the reference data's header spellings when a pipeline folder is at hand.
    public static func inspect(
        path: String, limits: Limits = Limits(), overrides: [FileOverride] = [],
        headers: ColumnHeaders = .namesAndLabels
    ) throws -> Inspection {
        let baseName = String(path.split(separator: "/").last ?? Substring(path))
        let (reader, dialect) = try CSVInput.open(
            { try FileByteSource(path: path) },
            gzip: baseName.lowercased().hasSuffix(".gz"),
            maxFileBytes: limits.maxFileBytes, limits: limits.csv,
            overrides: FileOverride.resolve(overrides, for: baseName))
        var lines: [[String]] = []
        while let record = try reader.next() {
            if record.isBlank && record.count <= 1 { continue }  // an empty line holds no record
            lines.append(record.strings.map { dialect.encoding.needsComposition ? Text.composed($0) : $0 })
        }
        let dataset = SubmissionName(fileName: baseName)?.dataset
        // A file named after a dataset has its header where the check finds it, below a form's title
        // lines; any other file's header is its first line.
        let headerAt =
            dataset.map {
                HeaderMapper(schema: $0.schema, headers: headers).headerPosition(
                    among: Array(lines.prefix(HeaderMapper.linesSearched)))
            } ?? 0
        let header = lines.indices.contains(headerAt) ? lines[headerAt] : []
        let records = Array(lines.dropFirst(headerAt + 1))
        var mapping: [(String, String?)] = []
        if let dataset {
            let result = HeaderMapper(schema: dataset.schema, headers: headers).map(header)
            for (index, cell) in header.enumerated() {
                let column = result.cellIndex.firstIndex(of: index).map { dataset.schema.columns[$0].name }
                mapping.append((cell, column))
            }
        }
        return Inspection(
            file: path, encoding: dialect.encoding.rawValue, encodingScores: dialect.scores,
            delimiter: String(UnicodeScalar(dialect.delimiter)), hadSepLine: dialect.hasSepLine,
            dataset: dataset, skipped: Array(lines.prefix(headerAt)), header: header, records: records,
            mapping: mapping)
    }
}
