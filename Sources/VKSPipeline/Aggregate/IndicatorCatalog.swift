import Foundation

/// The indicator definitions of `pipelines/indicators/`: one SQL file each, `<id>_<name>.sql`.
public struct IndicatorDefinition: Sendable, Equatable {
    public let id: String
    public let name: String
    public let sql: String
}

public enum IndicatorCatalog {
    public static func load(from folder: String) throws -> [IndicatorDefinition] {
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".sql") }.sorted()
        return try files.map { file in
            let stem = String(file.dropLast(4))
            guard let underscore = stem.firstIndex(of: "_") else {
                throw PipelineError.internalFailure("indicator file \(file) is not named <id>_<name>.sql")
            }
            let sql = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
            return IndicatorDefinition(id: String(stem[..<underscore]), name: String(stem[stem.index(after: underscore)...]),
                                       sql: sql)
        }
    }
}
