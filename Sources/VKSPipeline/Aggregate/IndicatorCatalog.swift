import Foundation
import VKSModel

/// An indicator definition of `pipelines/indicators/`: `<id>_<name>.sql`, its header (SPEC §8) and
/// its SQL, which returns `period, province_code, numerator, denominator`.
public struct IndicatorDefinition: Sendable, Equatable {
    public enum Better: String, Sendable, CaseIterable { case higher, lower, none }

    public let id: String
    public let name: String
    /// The file name, for messages.
    public let file: String
    public let sql: String
    public let title: String
    /// `máy/người`, `%`, `đồng/người`, `điểm`…: shown beside the value.
    public let unit: String
    /// What the stored ratio is multiplied by to be shown: 100 shows a share as a percentage.
    public let scale: Double
    /// Decimals shown (header key `decimals`, optional: 1 for a percentage, else 2).
    public let decimals: Int
    /// Which way is good, for ranks and the indices.
    public let better: Better
    /// The datasets whose change makes its figures stale.
    public let reads: Set<Dataset>
    /// It reads other indicators (`reads: indicators`): computed after them, for every province.
    public let isComposite: Bool

    static let requiredKeys = ["indicator", "title", "unit", "scale", "better", "reads"]
    static let optionalKeys = ["decimals"]
    /// What `reads` may name: the four datasets, and `indicators` for a composite.
    static let readable = Dataset.allCases.map(\.rawValue) + ["indicators"]

    /// Values stored under an id whose definition is gone or unreadable: shown under the id.
    static func unknown(_ id: String) -> IndicatorDefinition {
        IndicatorDefinition(
            id: id, name: id, file: "", sql: "", title: id, unit: "", scale: 1, decimals: 3, better: .none,
            reads: [], isComposite: false)
    }

    /// `indicator_catalog.csv.gz` (SPEC §9): each definition's header and the file it is read from.
    static let catalogColumns = ["indicator", "name", "title", "unit", "scale", "decimals", "better", "reads", "file"]

    var catalogCells: [ExportCell] {
        let read = isComposite ? ["indicators"] : reads.map(\.rawValue).sorted()
        return [
            .text(id), .text(name), .text(title), .text(unit), .number(ExportStage.format(scale)),
            .number(String(decimals)), .text(better.rawValue), .text(read.joined(separator: ", ")), .text(file),
        ]
    }

    /// The title with its unit, as a chart is captioned: `Chi CNTT trên mỗi cán bộ (đồng/người)`.
    public var caption: String { unit.isEmpty || unit == "%" ? title : "\(title) (\(unit))" }

    /// A value in the indicator's unit (the stored ratio times `scale`, as `indicators_detail` holds
    /// it) as shown to people, the Vietnamese way: 1.234.567,5 and 12,5%.
    public func format(_ value: Double?) -> String {
        guard let value else { return "—" }
        return VietnameseNumber.format(value, decimals: decimals) + (unit == "%" ? "%" : "")
    }

    /// A change in the indicator's unit, signed: `+1,2 điểm %`, `−0,035`; "—" when not known.
    public func formatChange(_ change: Double?) -> String {
        guard let change else { return "—" }
        let size = VietnameseNumber.format(abs(change), decimals: decimals)
        let sign = size.allSatisfy { $0 == "0" || $0 == "," } ? "±" : change > 0 ? "+" : "−"
        return sign + size + (unit == "%" ? " điểm %" : "")
    }

    /// Whether a change is for the better (nil: no better direction, or no change).
    public func isImprovement(_ change: Double?) -> Bool? {
        guard let change, change != 0, better != .none else { return nil }
        return (change > 0) == (better == .higher)
    }
}

/// Every definition of a folder, and what is wrong with those that cannot be used.
public struct IndicatorCatalog: Sendable {
    public let definitions: [IndicatorDefinition]
    /// Files that could not be read as definitions: each is left out, the others computed.
    public let problems: [ConfigurationProblem]
    /// The id of every file of the folder, usable or not (`I15` of `I15_x.sql`): one left out keeps
    /// its place, and its last values, until it is fixed.
    public let fileIDs: Set<String>

    public static func load(from folder: String) throws -> IndicatorCatalog {
        var definitions: [IndicatorDefinition] = []
        var problems: [ConfigurationProblem] = []
        let files = try DefinitionFiles.read(folder)
        for (file, text) in files {
            switch text.map({ definition(file: file, sql: $0) }) {
            case .success(.success(let definition)): definitions.append(definition)
            case .success(.failure(let found)): problems += found.problems
            case .failure(let unreadable): problems.append(unreadable)
            }
        }
        // Two files for one id (a backup copy beside the original) would take turns: both wait.
        let ids = Dictionary(grouping: definitions, by: \.id)
        for (id, twins) in ids where twins.count > 1 {
            problems += twins.map {
                ConfigurationProblem(
                    file: $0.file, key: "indicator",
                    message: "mã \(id) có ở nhiều tệp ("
                        + twins.map(\.file).joined(separator: ", ")
                        + "): mỗi chỉ số một tệp, hãy xoá hoặc đổi tên bản thừa")
            }
        }
        // By id, so I13 comes before I13T (file order puts `I13T_` before `I13_`), as people read them.
        return IndicatorCatalog(
            definitions: definitions.filter { ids[$0.id]!.count == 1 }.sorted { $0.id < $1.id },
            problems: problems,
            fileIDs: Set(files.map { String($0.file.prefix { $0 != "_" }) }))
    }

    struct Problems: Error { let problems: [ConfigurationProblem] }

    static func definition(file: String, sql: String) -> Result<IndicatorDefinition, Problems> {
        let stem = String(file.dropLast(4))
        guard let underscore = stem.firstIndex(of: "_"), underscore != stem.startIndex else {
            return .failure(
                Problems(problems: [
                    ConfigurationProblem(
                        file: file, key: nil,
                        message: "tên tệp phải là <mã>_<tên>.sql, ví dụ I15_ten_chi_so.sql")
                ]))
        }
        let id = String(stem[..<underscore])
        let header = DefinitionHeader(sql: sql)
        var problems = header.problems(
            file: file, required: IndicatorDefinition.requiredKeys,
            optional: IndicatorDefinition.optionalKeys)
        if let written = header["indicator"], !written.isEmpty, written != id {
            problems.append(
                ConfigurationProblem(
                    file: file, key: "indicator",
                    message: "ghi \(written) nhưng tên tệp cho mã \(id): hai chỗ phải giống nhau"))
        }
        let scale = header["scale"].flatMap(Double.init)
        if header["scale"] != nil, !(scale.map { $0 > 0 } ?? false) {
            problems.append(
                ConfigurationProblem(
                    file: file, key: "scale", message: "phải là một số dương (1, hoặc 100 để hiện phần trăm)"))
        }
        let better = header["better"].flatMap(IndicatorDefinition.Better.init(rawValue:))
        if header["better"] != nil, better == nil {
            problems.append(ConfigurationProblem(file: file, key: "better", message: "là higher, lower hoặc none"))
        }
        let decimals = header["decimals"].map { Int($0) }
        if case .some(nil) = decimals {
            problems.append(
                ConfigurationProblem(file: file, key: "decimals", message: "phải là một số nguyên từ 0 đến 6"))
        }
        let (reads, readProblems) = header.list("reads", allowed: IndicatorDefinition.readable, file: file)
        problems += readProblems
        guard problems.isEmpty, let scale, let better else { return .failure(Problems(problems: problems)) }
        return .success(
            IndicatorDefinition(
                id: id, name: String(stem[stem.index(after: underscore)...]), file: file, sql: sql,
                title: header["title"]!, unit: header["unit"]!, scale: scale,
                decimals: min(6, max(0, (decimals ?? nil) ?? (scale == 100 ? 1 : 2))), better: better,
                reads: Set(reads.compactMap(Dataset.init(rawValue:))), isComposite: reads.contains("indicators")))
    }
}
