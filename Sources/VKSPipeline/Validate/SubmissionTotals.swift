import VKSModel

/// The rows without errors of a set of files and the dataset's main figure, per province, quarter,
/// dataset and category (`vksict check --totals`): what loads under `quarantine_rows`. Under
/// `reject_file` a file with any error loads nothing; its good rows are still counted here, so a
/// province sees its figures while it fixes the rest.
///
/// The figure per dataset: staff (`total_staff`), devices (`quantity` per `category`), accounts
/// (`accounts` per software `status`, a blank counting 0) and money spent in whole đồng (`spent` per
/// `category`). The province and quarter are the file name's, as the province wrote them.
public struct SubmissionTotals: Sendable {
    struct Key: Hashable, Sendable {
        public let province: String
        public let period: String
        public let dataset: String
        public let category: String
    }

    /// Totals are Int128: a column of 10¹⁵-đồng lines would overflow 64 bits after ~9 000 rows.
    private var sums: [Key: (rows: Int, total: Int128)] = [:]

    public init() {}

    public static let columns = ["province_code", "period", "dataset", "category", "rows", "total"]

    /// The totals of one file named `fileName`: nil when the name says no province and quarter.
    public static func forFile(_ fileName: String) -> FileTotals? {
        guard let name = SubmissionName(fileName: String(fileName.split(separator: "/").last ?? "")),
            let period = name.period
        else { return nil }
        return FileTotals(province: name.provinceCode, period: period.description)
    }

    /// One file's sums, keyed by dataset and category only (the name is read once, not per row).
    public struct FileTotals: Sendable {
        let province: String
        let period: String
        /// A handful of categories per file: a list searched in order beats hashing each row's.
        var sums: [(dataset: Dataset, category: String, rows: Int, total: Int128)] = []

        /// Counts one row that passed the checks.
        public mutating func add(_ row: CheckedRow) {
            let (categoryColumn, figureColumn) = FileTotals.columns[row.dataset.ordinal]
            let category = categoryColumn.flatMap { row.values[$0].text } ?? ""
            let figure = Int128(row.values[figureColumn].integer ?? 0)
            if let index = sums.firstIndex(where: { $0.dataset == row.dataset && $0.category == category }) {
                sums[index].rows += 1
                sums[index].total += figure
            } else {
                sums.append((row.dataset, category, 1, figure))
            }
        }

        /// Per dataset (by `Dataset.ordinal`: no hashing per row), the column that splits it (none
        /// for staffing) and the column summed.
        private static let columns: [(category: Int?, figure: Int)] = Dataset.allCases.map { dataset in
            func index(_ name: String) -> Int { dataset.schema.index(of: name)! }
            switch dataset {
            case .staffing: return (nil, index("total_staff"))
            case .hardware: return (index("category"), index("quantity"))
            case .software: return (index("status"), index("accounts"))
            case .spending: return (index("category"), index("spent"))
            }
        }
    }

    public mutating func merge(_ file: FileTotals) {
        for sum in file.sums {
            let key = Key(
                province: file.province, period: file.period, dataset: sum.dataset.rawValue, category: sum.category)
            let mine = sums[key] ?? (0, 0)
            sums[key] = (mine.rows + sum.rows, mine.total + sum.total)
        }
    }

    /// One line per key, in byte order of its parts.
    public var rows: [[ExportCell]] {
        sums.sorted { a, b in
            [a.key.province, a.key.period, a.key.dataset, a.key.category].map { Array($0.utf8) }
                .lexicographicallyPrecedes(
                    [b.key.province, b.key.period, b.key.dataset, b.key.category].map { Array($0.utf8) }
                ) {
                    $0.lexicographicallyPrecedes($1)
                }
        }.map { key, sum in
            [
                .text(key.province), .text(key.period), .text(key.dataset),
                key.category.isEmpty ? .empty : .text(key.category),
                .number(String(sum.rows)), .number(String(sum.total)),
            ]
        }
    }
}
