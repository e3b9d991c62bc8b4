import GRDB
import VKSModel
import VKSWarehouse

/// What a file's rows add up to, per dataset (`ReturnSums`), summed by the thread that checks the
/// rows as they pass (`RowFeed`): the loading thread, the one a night waits on, only stores it.
struct FileSums: Sendable {
    /// By `Dataset.ordinal`: a CSV file holds one return, an XML file up to four.
    private var returns = [ReturnSums?](repeating: nil, count: Dataset.allCases.count)

    mutating func add(_ row: CheckedRow) {
        let slot = row.dataset.ordinal
        if returns[slot] == nil { returns[slot] = ReturnSums(row.dataset.schema) }
        returns[slot]!.add(row)
    }

    func of(_ dataset: Dataset) -> ReturnSums? { returns[dataset.ordinal] }
}

/// One return's sums, so that later stages read a row per return (or per return and code) instead
/// of every fact of it: the headline figures (`PlausibilityCheck.figures`) that W_OUTLIER compares
/// (`return_total`), and the dataset's rollup, if it has one, that the indicators read.
struct ReturnSums: Sendable {
    private let dataset: Dataset
    private let figureColumns: [Int]
    /// nil while no row had the figure (SQL's SUM over blanks is NULL too).
    private var totals: [Double?]
    /// The dataset's rollup, if it has one, with the columns of its keys and sums in the rows.
    private var rollup: (sums: ReturnRollup, keyColumns: (Int, Int), sumColumns: [Int])?

    init(_ schema: DatasetSchema) {
        dataset = schema.dataset
        figureColumns = PlausibilityCheck.figures[schema.dataset]!.map { schema.index(of: $0)! }
        totals = Array(repeating: nil, count: figureColumns.count)
        rollup = RollupDefinition.of(dataset: schema.dataset).map { definition in
            (
                ReturnRollup(definition), (schema.index(of: definition.keys.0)!, schema.index(of: definition.keys.1)!),
                definition.sums.map { schema.index(of: $0)! }
            )
        }
    }

    mutating func add(_ row: CheckedRow) {
        let values = row.values
        for (figure, column) in figureColumns.enumerated() {
            if case .integer(let value) = values[column] { totals[figure] = (totals[figure] ?? 0) + Double(value) }
        }
        if let (_, keyColumns, sumColumns) = rollup {
            rollup!.sums.add(first: values[keyColumns.0].databaseValue, second: values[keyColumns.1].databaseValue) {
                values[sumColumns[$0]].integer
            }
        }
    }

    /// Stores the totals and the rollup (after whoever reloads the file deleted the former ones).
    func store(fileID: Int64, _ db: Database) throws {
        try rollup?.sums.store(fileID: fileID, db)
        for (figure, total) in zip(PlausibilityCheck.figures[dataset]!, totals) {
            try db.executeCached(
                "INSERT INTO return_total (file_id, dataset, figure, total) VALUES (?, ?, ?, ?)",
                arguments: [fileID, dataset.rawValue, figure, total])
        }
    }
}
