import GRDB
import VKSModel
import VKSWarehouse

/// What a definition's SQL gives for the periods (and provinces) of a job: numerator and
/// denominator per province, read through `ScopeNarrowing`.
enum IndicatorParts {
    typealias DefinitionJob = AggregatePlan.DefinitionJob

    /// One row of a definition's result: a province's numerator and denominator for a period.
    struct Part: Sendable {
        let period: ReportingPeriod
        let province: String
        let numerator: Double?
        let denominator: Double?
    }

    /// A definition's rows for its periods: all provinces of the whole ones, and its provinces of the partial ones.
    static func parts(of job: DefinitionJob, _ db: Database) throws -> [Part] {
        try parts(of: job.definition, periods: job.whole, db)
            + parts(of: job.definition, periods: job.partial, provinces: job.provinces, db)
    }

    static func parts(
        of definition: IndicatorDefinition, periods: [ReportingPeriod], provinces: Set<String>? = nil,
        _ db: Database
    ) throws -> [Part] {
        guard !periods.isEmpty else { return [] }
        let narrowed = ScopeNarrowing.only(periods: periods, provinces: provinces, of: definition.sql)
        return try ScopeNarrowing.scope(periods: periods, provinces: provinces, db) {
            try Row.fetchAll(db, sql: narrowed.sql, arguments: narrowed.arguments)
        }.compactMap { row in
            guard let period: ReportingPeriod = row["period"], let province: String = row["province_code"] else {
                return nil
            }
            return Part(
                period: period, province: province, numerator: row["numerator"], denominator: row["denominator"])
        }
    }
}
