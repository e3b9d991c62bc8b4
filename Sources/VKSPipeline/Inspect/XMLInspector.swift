import VKSReaders

/// What `vksict inspect` reports about an XML submission: its root, rows per dataset, problems.
public struct XMLInspection: Sendable {
    public let file: String
    public let encoding: String
    public let attributes: [String: String]
    public let rows: [String: Int]
    public let problems: [XMLProblem]

    public var json: String {
        var out = "{\"file\":" + JSON.string(file) + ",\"format\":\"xml\",\"encoding\":" + JSON.string(encoding)
        out += ",\"submission\":" + JSON.object(attributes.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        out +=
            ",\"rows\":{"
            + rows.sorted { $0.key < $1.key }.map { JSON.string($0.key) + ":\($0.value)" }
            .joined(separator: ",") + "}"
        out +=
            ",\"problems\":["
            + problems.map { problem in
                "{\"kind\":" + JSON.string("\(problem.kind)") + ",\"line\":\(problem.line)"
                    + ",\"element\":" + (problem.element.map(JSON.string) ?? "null") + ",\"detail\":"
                    + JSON.string(problem.detail) + "}"
            }.joined(separator: ",") + "]}"
        return out
    }
}

public enum XMLInspector {
    /// Reads the submission through the XSD (when given) without checking its rows against the rules.
    public static func inspect(path: String, schema: XMLSchema?, limits: Limits = Limits()) throws -> XMLInspection {
        let raw = try FileByteSource(path: path)
        let source: ByteSource =
            path.lowercased().hasSuffix(".gz")
            ? try GzipInflateSource(upstream: raw, limit: limits.maxFileBytes)
            : LimitedByteSource(upstream: raw, limit: limits.maxFileBytes)
        let reader = XMLSubmissionReader(
            source: source, schema: schema, limits: XMLLimits(maxCellBytes: limits.maxCellBytes))
        var attributes: [String: String] = [:]
        var rows: [String: Int] = [:]
        var problems: [XMLProblem] = []
        while let event = try reader.next() {
            switch event {
            case .submission(let values, _): attributes = values
            case .row(let row): rows[row.dataset, default: 0] += 1
            case .problem(let problem): problems.append(problem)
            }
        }
        return XMLInspection(
            file: path, encoding: reader.declaredEncoding ?? "UTF-8", attributes: attributes, rows: rows,
            problems: problems)
    }
}
