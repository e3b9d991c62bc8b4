import GRDB
import VKSModel

/// Which quarters each province reported in a year (issue 5): a year with a missing quarter is marked
/// incomplete in `coverage.csv.gz` and the manifest, never silently short.
struct YearCoverage: Sendable, Equatable {
    static let columns = [
        "period", "province_code", "province_name", "dataset", "quarters_reported", "quarters_expected",
        "complete", "missing_quarters",
    ]

    let year: Int
    let provinceCode: String
    let provinceName: String
    let dataset: Dataset
    let reported: [Period]
    let missing: [Period]

    var complete: Bool { missing.isEmpty }

    static func rows(year: Int, reference: ReferenceData, _ db: Database) throws -> [YearCoverage] {
        let quarters = (1...4).map { Period(year: year, quarter: $0)! }
        let matrix = try ReturnStatus.matrix(
            quarters: quarters, province: nil, reference: reference, asClosed: true, db)
        var rows: [YearCoverage] = []
        for province in reference.provinces {
            for dataset in Dataset.allCases {
                let mine = matrix.filter { $0.provinceCode == province.code && $0.dataset == dataset }
                let reported = mine.filter { $0.state == .accepted }.map(\.period)
                rows.append(
                    YearCoverage(
                        year: year, provinceCode: province.code, provinceName: province.name,
                        dataset: dataset, reported: reported,
                        missing: quarters.filter { !reported.contains($0) }))
            }
        }
        return rows
    }

    var exportCells: [ExportCell] {
        [
            .text(String(year)), .text(provinceCode), .text(provinceName), .text(dataset.rawValue),
            .number(String(reported.count)),
            .number("4"), .number(complete ? "1" : "0"),
            missing.isEmpty ? .empty : .text(missing.map(\.description).joined(separator: " ")),
        ]
    }
}
