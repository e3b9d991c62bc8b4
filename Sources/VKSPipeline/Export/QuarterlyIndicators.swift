import GRDB
import VKSModel

/// `indicators_by_quarter.csv.gz` of a year: each province's indicators with the year's quarters side
/// by side and the year's own value (SPEC §9: the year's workbook shows them so), in each
/// indicator's unit. A quarter without a value is empty.
enum QuarterlyIndicators {
    static let name = "indicators_by_quarter.csv.gz"
    static let columns = [
        "period", "province_code", "province_name", "indicator", "title", "unit", "q1", "q2", "q3", "q4", "year",
    ]

    static func rows(year: Int, definitions: [IndicatorDefinition], _ db: Database) throws -> [[ExportCell]] {
        let byID = Dictionary(uniqueKeysWithValues: definitions.map { ($0.id, $0) })
        let periods = (1...4).map { "\(year)-Q\($0)" } + [String(year)]
        let stored = try Row.fetchAll(
            db,
            sql: """
                SELECT v.period, v.province_code, COALESCE(p.name, ?) AS province_name, v.indicator, v.value
                FROM indicator_value v LEFT JOIN province p ON p.code = v.province_code
                WHERE v.period IN (SELECT value FROM json_each(?))
                """, arguments: [ExportStage.nationalName, JSON.array(periods)])
        struct Key: Hashable, Comparable {
            let province: String
            let indicator: String
            static func < (a: Key, b: Key) -> Bool { (a.province, a.indicator) < (b.province, b.indicator) }
        }
        var names: [String: String] = [:]
        var values: [Key: [String: Double]] = [:]
        for row in stored {
            let key = Key(province: row["province_code"], indicator: row["indicator"])
            names[key.province] = row["province_name"]
            let value: Double? = row["value"]
            values[key, default: [:]][row["period"]] = value
        }
        return values.keys.sorted().map { key in
            let definition = byID[key.indicator] ?? .unknown(key.indicator)
            let cells = periods.map { period -> ExportCell in
                guard let value = values[key]?[period] else { return .empty }
                return .number(ExportStage.format(value * definition.scale))
            }
            return [
                .text(String(year)), .text(key.province), .text(names[key.province] ?? ""), .text(key.indicator),
                .text(definition.title), .text(definition.unit),
            ] + cells
        }
    }
}
