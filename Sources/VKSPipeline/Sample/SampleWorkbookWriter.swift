import CXLSXWriter
import Foundation
import VKSModel
import VKSReaders

/// Writes one sample return as an Excel workbook, the way offices save theirs (issue 19): the
/// sheet named in Vietnamese, the form's title above the header, Vietnamese headers with the money
/// unit in them, numbers as number cells (money in millions), codes as text.
struct SampleWorkbookWriter {
    let reference: ReferenceData

    /// Writes `<name>.xlsx` in `folder`; returns the name written.
    @discardableResult
    func write(folder: String, name: String, dataset: Dataset, period: Period, table: [[String: String]]) throws
        -> String
    {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let fileName = name + ".xlsx"
        try AtomicFile.writing(folder + "/" + fileName) { path in
            guard let workbook = workbook_new(path) else { throw SampleError.workbook(path) }
            var properties = lxw_doc_properties()
            properties.created = 315_532_800  // fixed: the same seed writes the same bytes
            workbook_set_properties(workbook, &properties)
            let sheet = workbook_add_worksheet(workbook, dataset.vietnameseName)
            worksheet_write_string(
                sheet, 0, 0, "BÁO CÁO \(dataset.vietnameseName.uppercased()) QUÝ \(period.quarter)/\(period.year)", nil)
            let columns = dataset.schema.columns.filter { $0.name != "amount_unit" }
            for (index, column) in columns.enumerated() {
                let header = column.type == .money ? column.label + " (triệu đồng)" : column.label
                worksheet_write_string(sheet, 2, lxw_col_t(index), header, nil)
            }
            for (rowIndex, row) in table.enumerated() {
                let line = lxw_row_t(3 + rowIndex)
                for (index, column) in columns.enumerated() {
                    guard let cell = row[column.name], !cell.isEmpty else { continue }
                    // A planted error that is not a number (`hai`) stays the text it is.
                    switch (column.type, Double(cell)) {
                    case (.integer, let number?):
                        worksheet_write_number(sheet, line, lxw_col_t(index), number, nil)
                    case (.money, let dong?):
                        // Whole đồng as millions: a double holds these (below 10^15 đồng) to the đồng.
                        worksheet_write_number(sheet, line, lxw_col_t(index), dong / 1_000_000, nil)
                    default:
                        worksheet_write_string(sheet, line, lxw_col_t(index), cell, nil)
                    }
                }
            }
            let closed = workbook_close(workbook)
            guard closed == LXW_NO_ERROR else { throw SampleError.workbook(path) }
        }
        return fileName
    }

    enum SampleError: Error { case workbook(String) }
}
