import VKSReaders

/// What `vksict inspect` reports about a file: how it was read, and its records as written.
public struct Inspection: Sendable {
    public let file: String
    public let encoding: String
    public let delimiter: String
    public let dataset: Dataset?
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
    public static func inspect(path: String, limits: Limits = Limits()) throws -> Inspection {
        let baseName = String(path.split(separator: "/").last ?? Substring(path))
        let gzip = baseName.lowercased().hasSuffix(".gz")
        func open() throws -> ByteSource {
            let file = try FileByteSource(path: path)
            return gzip ? try GzipInflateSource(upstream: file, limit: limits.maxFileBytes) : file
        }
        var prefix = [UInt8](repeating: 0, count: 1 << 16)
        let source = try open()
        let count = try prefix.withUnsafeMutableBytes { try source.read(into: $0) }
        let delimiter = DelimiterSniffer.sniff(prefix[0..<count])

        let reader = CSVReader(source: try open(), delimiter: delimiter, limits: limits.csv)
        var header: [String] = []
        var records: [[String]] = []
        var valid = true
        while let record = try reader.next() {
            if record.isBlank && record.count <= 1 { continue }  // an empty line holds no record
            if record.firstInvalidUTF8Cell != nil { valid = false }
            if header.isEmpty && records.isEmpty { header = record.strings } else { records.append(record.strings) }
        }
        let dataset = SubmissionName(fileName: baseName)?.dataset
        var mapping: [(String, String?)] = []
        if let dataset {
            let mapper = HeaderMapper(schema: dataset.schema)
            let result = mapper.map(header)
            for (index, cell) in header.enumerated() {
                let column = result.cellIndex.firstIndex(of: index).map { dataset.schema.columns[$0].name }
                mapping.append((cell, column))
            }
        }
        let encoding = valid ? (reader.hadByteOrderMark ? "UTF-8 (BOM)" : "UTF-8") : "unknown (not valid UTF-8)"
        return Inspection(file: path, encoding: encoding, delimiter: String(UnicodeScalar(delimiter)),
                          dataset: dataset, header: header, records: records, mapping: mapping)
    }
}
