import Foundation
import GRDB
import VKSWarehouse

/// Stage 4: computes every indicator for the periods whose facts changed (or those asked for).
///
/// Each definition returns numerator and denominator per province; this stage divides, fills in
/// the provinces without data (NULL), and adds the national row `00` as the ratio of the pooled sums.
public struct AggregateStage: Stage {
    public let name = "aggregate"
    public static let nationalCode = "00"

    public init() {}

    public func run(_ context: RunContext) throws -> StageSummary {
        var summary = StageSummary(stage: name)
        let definitions = try IndicatorCatalog.load(from: context.config.indicators)
        let provinces = context.reference.provinces.map(\.code)
        try context.warehouse.write { db in
            let periods: [String]
            if context.scope.periods != nil {
                periods = try PeriodState.allPeriods(db).filter(context.scope.includes(period:))
            } else {
                periods = try PeriodState.periodsNeedingAggregate(db)
            }
            let wanted = Set(periods)
            guard !wanted.isEmpty else { return }
            var results: [String: [String: [String: (Double?, Double?)]]] = [:]  // period → indicator → province
            for definition in definitions {
                let rows = try Row.fetchAll(db, sql: definition.sql)
                for row in rows {
                    guard let period: String = row["period"], wanted.contains(period),
                          let province: String = row["province_code"] else { continue }
                    let numerator: Double? = row["numerator"]
                    let denominator: Double? = row["denominator"]
                    results[period, default: [:]][definition.id, default: [:]][province] = (numerator, denominator)
                }
            }
            let insert = try db.cachedStatement(sql: """
                INSERT INTO indicator_value (period, province_code, indicator, name, numerator, denominator, value)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
            for period in periods {
                try db.execute(sql: "DELETE FROM indicator_value WHERE period = ?", arguments: [period])
                for definition in definitions {
                    let byProvince = results[period]?[definition.id] ?? [:]
                    for province in provinces {
                        let (numerator, denominator) = byProvince[province] ?? (nil, nil)
                        try insert.execute(arguments: [period, province, definition.id, definition.name, numerator,
                                                       denominator, ratio(numerator, denominator)])
                        summary.rows += 1
                    }
                    let national = pooled(Array(byProvince.values))
                    try insert.execute(arguments: [period, Self.nationalCode, definition.id, definition.name, national.0,
                                                   national.1, ratio(national.0, national.1)])
                    summary.rows += 1
                }
                try PeriodState.aggregated(period, db)
                try PeriodState.markForExport([period], db)
                summary.files += 1
            }
        }
        if summary.files == 0 { summary.note = "không có kỳ nào cần tính lại" }
        return summary
    }

    /// The national numerator and denominator: SQL's SUM over every row the definition selected,
    /// all provinces pooled. Per-province sums add up to it, a province whose column was all blank
    /// (a NULL sum) adding nothing to that side while still counting on the other.
    func pooled(_ parts: [(Double?, Double?)]) -> (Double?, Double?) {
        func sum(_ values: [Double?]) -> Double? {
            let present = values.compactMap { $0 }
            return present.isEmpty ? nil : present.reduce(0, +)
        }
        return (sum(parts.map(\.0)), sum(parts.map(\.1)))
    }

    /// Division by zero (or by nothing) is NULL, never 0 or NaN.
    func ratio(_ numerator: Double?, _ denominator: Double?) -> Double? {
        guard let numerator, let denominator, denominator != 0 else { return nil }
        return numerator / denominator
    }
}
