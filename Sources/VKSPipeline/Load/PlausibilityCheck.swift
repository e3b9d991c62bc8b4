import Foundation
import GRDB
import VKSModel

/// W_OUTLIER (SPEC §5, issue 5): a province's headline figures against its own history, after the
/// return is loaded. Never an error; the message gives the value, what was expected, and why.
///
/// Two tests: the same quarter last year (a change beyond `maxChangeVsLastYear` either way), and a
/// robust score over the province's recent quarters — the median and the median absolute deviation
/// (MAD), as modified z = 0.6745 × (x − median) / MAD — which one wild quarter in the history cannot
/// drag about, unlike mean ± σ. A history whose MAD is 0 (constant, or mostly zeros) gives no robust
/// score rather than flagging every change.
struct PlausibilityCheck {
    let config: OutlierConfig

    /// The figures looked at per dataset, each a sum over the province's units.
    static let figures: [Dataset: [String]] = [
        .staffing: ["total_staff", "it_staff"], .hardware: ["quantity", "in_use"],
        .software: ["accounts", "active_users"], .spending: ["allocated", "spent"],
    ]

    /// `province` is today's province; `nameProvince` the code in the file name. Before 2025-Q3 a
    /// former province is compared with its own history only: today's province is then the sum of
    /// several files, which need not all be loaded yet.
    ///
    /// After the merger, a quarter before it counts only when every former province that today's
    /// province absorbed sent that dataset: a merged province is never compared with one former
    /// province (SPEC §8b), which would read as a 3-fold jump that nobody made.
    func findings(
        dataset: Dataset, province: String, nameProvince: String, quarter: Period,
        _ db: Database
    ) throws -> [Finding] {
        let figures = Self.figures[dataset]!
        let (scope, code) =
            quarter.isBeforeMerger
            ? ("r.name_province_code = ? AND r.period < '2025-Q3'", nameProvince)
            : ("r.province_code = ?", province)
        // Each quarter's totals from the current returns (former provinces pooled after the merger),
        // summed from each return's totals as it was loaded (`ReturnLoad`): the cost follows the
        // number of quarters, not of facts. `senders` counts the file-name provinces pooled.
        let rows = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT r.period, t.figure, SUM(t.total), COUNT(DISTINCT r.name_province_code)
                    FROM return_total t
                    JOIN file_return fr ON fr.file_id = t.file_id AND fr.dataset = t.dataset AND fr.is_current = 1
                    JOIN received_file r ON r.id = t.file_id
                    WHERE t.dataset = ? AND \(scope)
                    GROUP BY r.period, t.figure
                    """), arguments: [dataset.rawValue, code])
        let formerProvinces =
            quarter.isBeforeMerger
            ? 1
            : try Int.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT COUNT(*) FROM former_province WHERE new_code = ?
                        """), arguments: [province]) ?? 1
        var series: [Period: [Double?]] = [:]
        for row in rows {
            guard let period = Period(row[0] as String), let index = figures.firstIndex(of: row[1]) else { continue }
            if period.isBeforeMerger, !quarter.isBeforeMerger, (row[3] as Int) < formerProvinces { continue }
            series[period, default: Array(repeating: nil, count: figures.count)][index] = row[2]
        }
        guard let current = series[quarter] else { return [] }
        let earlier = series.keys.filter { $0 < quarter }.sorted().suffix(config.historyQuarters)
        guard let lastYear = Period(year: quarter.year - 1, quarter: quarter.quarter) else { return [] }

        var found: [Finding] = []
        for (index, figure) in figures.enumerated() {
            guard let value = current[index] else { continue }
            if let previous = series[lastYear]?[index], previous > 0, value > 0 {
                let ratio = value / previous
                if ratio > config.maxChangeVsLastYear || ratio < 1 / config.maxChangeVsLastYear {
                    found.append(
                        Finding(
                            .outlier, dataset: dataset, column: figure, value: Self.number(value),
                            message: Messages.outlierVersusLastYear(
                                figure, value: value, previous: previous,
                                lastYear: lastYear, ratio: ratio,
                                limit: config.maxChangeVsLastYear)))
                    continue
                }
            }
            let history = earlier.compactMap { series[$0]?[index] }
            guard history.count >= config.minHistory else { continue }
            let median = Self.median(history)
            let mad = Self.median(history.map { abs($0 - median) })
            guard mad > 0 else { continue }
            let z = 0.6745 * (value - median) / mad
            if abs(z) > config.robustZ {
                found.append(
                    Finding(
                        .outlier, dataset: dataset, column: figure, value: Self.number(value),
                        message: Messages.outlierVersusHistory(
                            figure, value: value, median: median, mad: mad,
                            quarters: history.count, z: z,
                            limit: config.robustZ)))
            }
        }
        return found
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    static func number(_ value: Double) -> String { ExportStage.format(value) }
}
