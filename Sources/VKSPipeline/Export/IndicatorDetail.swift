import GRDB
import VKSModel

/// Each indicator of a period as a planner reads it (SPEC §9, `indicators_detail.csv.gz`): its title
/// and unit, the value in that unit with the sums behind it, the province's rank and quartile, and
/// the change against the period before and the same period a year earlier.
public struct IndicatorDetail: Sendable, Equatable {
    public static let columns = [
        "period", "province_code", "province_name", "indicator", "title", "unit", "value", "numerator",
        "denominator", "rank", "quartile", "previous_value", "change_vs_previous", "last_year_value",
        "change_vs_last_year",
    ]

    public let period: ReportingPeriod
    public let provinceCode: String
    public let provinceName: String
    public let indicator: String
    public let title: String
    public let unit: String
    /// In the indicator's unit: the stored ratio times the definition's `scale` (53,2 for 53,2 %).
    public let value: Double?
    public let numerator: Double?
    public let denominator: Double?
    /// 1 is the best by the definition's `better`; provinces with equal values share a rank. Nil for
    /// the national row, a province without a value, and an indicator without a better direction.
    public let rank: Int?
    /// 1 is the best quarter of the provinces with a value, 4 the worst; nil where `rank` is.
    public let quartile: Int?
    /// The value of the period before (the quarter before, or the year before for a year).
    public let previousValue: Double?
    /// The value of the same period a year earlier.
    public let lastYearValue: Double?

    public var changeVsPrevious: Double? { difference(value, previousValue) }
    public var changeVsLastYear: Double? { difference(value, lastYearValue) }

    /// The rows of `period`, by province code then indicator (the national row `00` first), for every
    /// indicator with a value stored; a definition gone from the folder is shown under its id.
    public static func rows(
        period: ReportingPeriod, definitions: [IndicatorDefinition], _ db: Database
    ) throws -> [IndicatorDetail] {
        let byID = Dictionary(uniqueKeysWithValues: definitions.map { ($0.id, $0) })
        let current = try stored(period, db)
        let previous = try period.previous.map { try stored($0, db) } ?? [:]
        let yearEarlier = try period.yearEarlier.map { try stored($0, db) } ?? [:]
        let ranking = Dictionary(
            grouping: current.values.filter { $0.provinceCode != nationalCode }, by: \.indicator
        ).mapValues { values in
            Self.ranks(
                values.compactMap { stored in stored.value.map { (stored.provinceCode, $0) } },
                better: byID[values[0].indicator]?.better ?? .none)
        }

        return current.values.sorted { ($0.provinceCode, $0.indicator) < ($1.provinceCode, $1.indicator) }.map {
            stored in
            let definition = byID[stored.indicator] ?? .unknown(stored.indicator)
            let key = Key(provinceCode: stored.provinceCode, indicator: stored.indicator)
            let rank = ranking[stored.indicator]?[stored.provinceCode]
            return IndicatorDetail(
                period: period, provinceCode: stored.provinceCode, provinceName: stored.provinceName,
                indicator: stored.indicator, title: definition.title, unit: definition.unit,
                value: stored.value.map { $0 * definition.scale }, numerator: stored.numerator,
                denominator: stored.denominator, rank: rank?.rank, quartile: rank?.quartile,
                previousValue: previous[key]?.value.map { $0 * definition.scale },
                lastYearValue: yearEarlier[key]?.value.map { $0 * definition.scale })
        }
    }

    /// The national row's code in `indicator_value`.
    static let nationalCode = "00"

    public var exportCells: [ExportCell] {
        func number(_ value: Double?) -> ExportCell { value.map { .number(ExportStage.format($0)) } ?? .empty }
        func whole(_ value: Int?) -> ExportCell { value.map { .number(String($0)) } ?? .empty }
        return [
            .text(period.description), .text(provinceCode), .text(provinceName), .text(indicator), .text(title),
            .text(unit), number(value), number(numerator), number(denominator), whole(rank), whole(quartile),
            number(previousValue), number(changeVsPrevious), number(lastYearValue), number(changeVsLastYear),
        ]
    }

    private func difference(_ now: Double?, _ then: Double?) -> Double? {
        guard let now, let then else { return nil }
        return now - then
    }

    private struct Key: Hashable {
        let provinceCode: String
        let indicator: String
    }

    private struct Stored {
        let provinceCode: String
        let provinceName: String
        let indicator: String
        let value: Double?
        let numerator: Double?
        let denominator: Double?
    }

    private static func stored(_ period: ReportingPeriod, _ db: Database) throws -> [Key: Stored] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT v.province_code, COALESCE(p.name, ?) AS province_name, v.indicator, v.value,
                       v.numerator, v.denominator
                FROM indicator_value v LEFT JOIN province p ON p.code = v.province_code
                WHERE v.period = ?
                """, arguments: [ExportStage.nationalName, period])
        var stored: [Key: Stored] = [:]
        for row in rows {
            let value = Stored(
                provinceCode: row["province_code"], provinceName: row["province_name"], indicator: row["indicator"],
                value: row["value"], numerator: row["numerator"], denominator: row["denominator"])
            stored[Key(provinceCode: value.provinceCode, indicator: value.indicator)] = value
        }
        return stored
    }

    /// Standard competition ranking ("1, 2, 2, 4") of the provinces' values, best first, and the
    /// quartile of each rank among them (1 the best quarter); none when no direction is better.
    static func ranks(_ values: [(province: String, value: Double)], better: IndicatorDefinition.Better)
        -> [String: (rank: Int, quartile: Int)]
    {
        guard better != .none else { return [:] }
        let ranked = values.sorted { better == .higher ? $0.value > $1.value : $0.value < $1.value }
        var result: [String: (rank: Int, quartile: Int)] = [:]
        var rank = 0
        for (position, entry) in ranked.enumerated() {
            if position == 0 || entry.value != ranked[position - 1].value { rank = position + 1 }
            result[entry.province] = (rank, min(4, 1 + 4 * (rank - 1) / ranked.count))
        }
        return result
    }
}
