import GRDB
import VKSWarehouse

/// One return of a file as it loads: its fact writer, its row count, and its headline figures
/// (`PlausibilityCheck.figures`) summed as the rows go by, so that W_OUTLIER reads one row per
/// return of the province's history (`return_total`), not every fact of it.
struct ReturnLoad {
    let writer: FactWriter
    private(set) var rows = 0
    private let figureColumns: [Int]
    /// nil while no row had the figure (SQL's SUM over blanks is NULL too).
    private(set) var totals: [Double?]

    init(writer: FactWriter) {
        self.writer = writer
        let schema = writer.schema
        figureColumns = PlausibilityCheck.figures[schema.dataset]!.map { schema.index(of: $0)! }
        totals = Array(repeating: nil, count: figureColumns.count)
    }

    mutating func insert(_ row: CheckedRow) throws {
        try writer.insert(row)
        rows += 1
        for (figure, column) in figureColumns.enumerated() {
            if case .integer(let value) = row.values[column] { totals[figure] = (totals[figure] ?? 0) + Double(value) }
        }
    }

    /// Writes the rows the writer still holds; before anything reads the return's facts.
    func finish() throws { try writer.finish() }

    func storeTotals(fileID: Int64, _ db: Database) throws {
        let dataset = writer.schema.dataset
        for (figure, total) in zip(PlausibilityCheck.figures[dataset]!, totals) {
            try db.executeCached("INSERT INTO return_total (file_id, dataset, figure, total) VALUES (?, ?, ?, ?)",
                           arguments: [fileID, dataset.rawValue, figure, total])
        }
    }
}
