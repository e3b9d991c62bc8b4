/// The `-- key: value` lines a definition file of `pipelines/indicators/` or `pipelines/tables/`
/// starts with (SPEC §8): what everything that shows an indicator or table reads (the report, the
/// exports), and what a definition reads, declared rather than guessed from its SQL.
///
/// The header is the run of such lines at the top of the file; the first other line ends it (the
/// comments after it are the analyst's own).
struct DefinitionHeader {
    private(set) var values: [String: String] = [:]
    /// Keys written twice, in file order.
    private(set) var repeated: [String] = []

    init(sql: String) {
        for line in sql.split(separator: "\n", omittingEmptySubsequences: false) {
            let text = line.trimmingCharacters(in: .whitespaces)
            guard text.hasPrefix("--") else { break }
            let body = text.dropFirst(2).trimmingCharacters(in: .whitespaces)
            guard let colon = body.firstIndex(of: ":") else { break }
            let key = String(body[..<colon])
            guard !key.isEmpty, key.allSatisfy({ $0.isLowercase || $0 == "_" }) else { break }
            if values[key] != nil { repeated.append(key) }
            values[key] = body[body.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
    }

    subscript(key: String) -> String? { values[key] }

    /// Problems with the keys: a required one missing or empty, one not known, one written twice.
    func problems(file: String, required: [String], optional: [String] = []) -> [ConfigurationProblem] {
        var found: [ConfigurationProblem] = []
        for key in required where (values[key] ?? "").isEmpty {
            found.append(
                ConfigurationProblem(
                    file: file, key: key,
                    message: "thiếu dòng `-- \(key): …` ở đầu tệp "
                        + "(đầu tệp cần có: \(required.joined(separator: ", ")))"))
        }
        for key in values.keys.sorted() where !required.contains(key) && !optional.contains(key) {
            found.append(
                ConfigurationProblem(
                    file: file, key: key,
                    message: "khoá không dùng được ở đây; các khoá được dùng: "
                        + (required + optional).joined(separator: ", ")))
        }
        for key in repeated {
            found.append(ConfigurationProblem(file: file, key: key, message: "khoá viết hai lần"))
        }
        return found
    }

    /// `reads: hardware, staffing`: the names given, each checked against `allowed`.
    func list(_ key: String, allowed: [String], file: String) -> ([String], [ConfigurationProblem]) {
        let names = (values[key] ?? "").split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        .filter { !$0.isEmpty }
        let unknown = names.filter { !allowed.contains($0) }
        guard unknown.isEmpty else {
            return (
                [],
                [
                    ConfigurationProblem(
                        file: file, key: key,
                        message: "không biết \(unknown.joined(separator: ", ")); "
                            + "dùng được: \(allowed.joined(separator: ", "))")
                ]
            )
        }
        return (names, [])
    }
}

/// Something wrong in a configuration file (a definition, the pipeline file, reference data): it
/// names the file, the key or line, and what is allowed, in words. The run goes on with everything
/// else and exits 78 (SPEC §10).
public struct ConfigurationProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let key: String?
    public let message: String

    public init(file: String, key: String?, message: String) {
        self.file = file
        self.key = key
        self.message = message
    }

    public var description: String { file + (key.map { ": " + $0 } ?? "") + ": " + message }
}
