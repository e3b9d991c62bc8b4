import GRDB
import VKSWarehouse

/// One return of a file as it loads: its fact writer, its row count, and what is summed as the rows
/// go by, so that later stages read one row per return (or per return and code) instead of every
/// fact of it: the headline figures (`PlausibilityCheck.figures`) that W_OUTLIER compares
/// (`return_total`), and the dataset's rollup, if it has one, that the indicators read.
struct ReturnLoad {
    let writer: FactWriter
    private(set) var rows = 0
    private let figureColumns: [Int]
    /// nil while no row had the figure (SQL's SUM over blanks is NULL too).
    private(set) var totals: [Double?]
    private var rollup: ReturnRollup?
    /// The columns of `rollup`'s keys and sums in the dataset's rows.
    private let rollupKeyColumns: (Int, Int)
    private let rollupSumColumns: [Int]

    init(writer: FactWriter) {
        self.writer = writer
        let schema = writer.schema
        figureColumns = PlausibilityCheck.figures[schema.dataset]!.map { schema.index(of: $0)! }
        totals = Array(repeating: nil, count: figureColumns.count)
        let definition = RollupDefinition.of(dataset: schema.dataset.rawValue)
        rollup = definition.map(ReturnRollup.init)
        rollupKeyColumns = definition.map { (schema.index(of: $0.keys.0)!, schema.index(of: $0.keys.1)!) } ?? (0, 0)
        rollupSumColumns = definition?.sums.map { schema.index(of: $0)! } ?? []
    }

    mutating func insert(_ row: CheckedRow) throws {
        try writer.insert(row)
        rows += 1
        for (figure, column) in figureColumns.enumerated() {
            if case .integer(let value) = row.values[column] { totals[figure] = (totals[figure] ?? 0) + Double(value) }
        }
        if rollup != nil {
            let values = row.values
            rollup!.add(first: values[rollupKeyColumns.0].databaseValue, second: values[rollupKeyColumns.1].databaseValue) {
                values[rollupSumColumns[$0]].integer
            }
        }
    }

    /// Writes the rows the writer still holds; before anything reads the return's facts.
    func finish() throws { try writer.finish() }

    /// Stores the totals and the rollup (after whoever reloads the file deleted the former ones).
    func storeSums(fileID: Int64, _ db: Database) throws {
        try rollup?.store(fileID: fileID, db)
        let dataset = writer.schema.dataset
        for (figure, total) in zip(PlausibilityCheck.figures[dataset]!, totals) {
            try db.executeCached("INSERT INTO return_total (file_id, dataset, figure, total) VALUES (?, ?, ?, ?)",
                           arguments: [fileID, dataset.rawValue, figure, total])
        }
    }
}
