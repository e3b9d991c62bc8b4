import GRDB
import VKSWarehouse

/// One return of a file as it loads: its fact writer and its row count.
struct ReturnLoad {
    let writer: FactWriter
    private(set) var rows = 0

    mutating func insert(_ row: CheckedRow) throws {
        try writer.insert(
            FactWriter.Row(
                line: row.line, values: row.values,
                raw: row.rawDifferences.isEmpty ? nil : JSON.object(row.rawDifferences)))
        rows += 1
    }

    /// Writes the rows the writer still holds; before anything reads the return's facts.
    func finish() throws { try writer.finish() }
}
