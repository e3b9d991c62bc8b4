import CXLSXWriter
import Foundation
import VKSModel
import VKSReaders

/// `<period>.xlsx` (SPEC §9): the period's CSV exports as one workbook a planner opens in Excel.
/// A first sheet says what each sheet holds and as of when; each export is a sheet with Vietnamese
/// column titles, the header frozen with a filter on it, numbers as number cells and codes as text
/// (`01` stays `01`). Written with libxlsxwriter, dated with the data's own date, so the same
/// warehouse state gives the same bytes.
struct PeriodWorkbook {
    /// One sheet: the export it shows and what the first sheet says of it.
    struct Sheet {
        let file: String
        let name: String
        let description: String
    }

    let period: ReportingPeriod
    /// When the last file the figures count arrived (UTC, ISO 8601); nil when none did.
    let asOf: String?

    static func name(_ period: ReportingPeriod) -> String { "\(period).xlsx" }

    /// The rows of an Excel sheet.
    static let excelRows = 1_048_576

    /// The sheets of the exports among `files` (names relative to the period's folder), in a fixed
    /// order; `tables` gives the titles of the breakdown tables.
    static func sheets(of files: [String], tables: [TableDefinition]) -> [Sheet] {
        let order = WorkbookTitles.order
        let sorted = files.enumerated().sorted { a, b in
            let (x, y) = (
                order.firstIndex(of: a.element) ?? order.count, order.firstIndex(of: b.element) ?? order.count
            )
            return x != y ? x < y : a.offset < b.offset
        }
        return sorted.map(\.element).compactMap { file -> Sheet? in
            guard file.hasSuffix(".csv.gz") else { return nil }
            let export = String(file.dropLast(".csv.gz".count))
            if let known = WorkbookTitles.sheets[export] {
                return Sheet(file: file, name: known.name, description: known.description)
            }
            let title = tables.first { $0.name == export }?.title ?? export
            return Sheet(file: file, name: String(export.prefix(31)), description: title)
        }
    }

    /// Writes the workbook beside the exports, whole or not at all; returns its SHA-256.
    func write(_ sheets: [Sheet], in folder: String) throws -> String {
        let path = folder + "/" + Self.name(period)
        try AtomicFile.writing(path) { temporary in try write(sheets, folder: folder, to: temporary) }
        return try Archive.sha256(of: FileByteSource(path: path))
    }

    private func write(_ sheets: [Sheet], folder: String, to path: String) throws {
        // Rows go out one by one (constant memory), through temporary files in the system's temporary
        // folder: a run killed mid-way leaves none of them among the exports.
        let tmpdir = strdup(NSTemporaryDirectory())
        defer { free(tmpdir) }
        var options = lxw_workbook_options(constant_memory: 1, tmpdir: tmpdir, use_zip64: 0)
        guard let workbook = workbook_new_opt(path, &options) else { throw WorkbookError.cannotCreate(path) }
        var closed = false
        defer { if !closed { workbook_close(workbook) } }

        // The data's own date, not the clock's: the same figures give the same bytes.
        var properties = lxw_doc_properties()
        let title = strdup("Số liệu CNTT ngành Kiểm sát nhân dân — kỳ \(period)")
        defer { free(title) }
        properties.title = title
        properties.created =
            asOf.flatMap { ISO8601DateFormatter().date(from: $0) }.map { time_t($0.timeIntervalSince1970) }
            ?? 315_532_800  // 1980-01-01, the earliest date a zip entry can carry
        workbook_set_properties(workbook, &properties)

        let bold = workbook_add_format(workbook)
        format_set_bold(bold)
        let header = workbook_add_format(workbook)
        format_set_bold(header)
        format_set_text_wrap(header)
        format_set_bg_color(header, 0xDDE6F0)

        var counts: [Int] = []
        let contents = workbook_add_worksheet(workbook, "Giới thiệu")
        for sheet in sheets {
            guard let worksheet = workbook_add_worksheet(workbook, sheet.name) else {
                throw WorkbookError.cannotCreate(path + " (" + sheet.name + ")")
            }
            counts.append(try fill(worksheet, from: folder + "/" + sheet.file, header: header))
        }
        writeContents(contents, sheets: sheets, counts: counts, bold: bold, header: header)
        worksheet_activate(contents)
        printable(contents, repeatingHeader: false)
        closed = true
        let result = workbook_close(workbook)
        guard result == LXW_NO_ERROR else {
            throw WorkbookError.libxlsxwriter(path, String(cString: lxw_strerror(result)))
        }
    }

    /// The first sheet: the period, as of when, and each sheet with what it holds and its rows.
    private func writeContents(
        _ worksheet: UnsafeMutablePointer<lxw_worksheet>?, sheets: [Sheet], counts: [Int],
        bold: UnsafeMutablePointer<lxw_format>?, header: UnsafeMutablePointer<lxw_format>?
    ) {
        worksheet_write_string(worksheet, 0, 0, "Số liệu CNTT ngành Kiểm sát nhân dân — kỳ \(period)", bold)
        let date = asOf.map { "Số liệu tính đến: " + Self.vietnamDateTime($0) } ?? "Chưa nhận báo cáo nào cho kỳ này."
        worksheet_write_string(worksheet, 1, 0, date, nil)
        worksheet_write_string(
            worksheet, 2, 0,
            "Mỗi trang tính là một tệp CSV cùng tên trong thư mục; mã tỉnh, mã chỉ tiêu là chữ, số liệu là số.", nil)
        worksheet_write_string(worksheet, 4, 0, "Trang tính", header)
        worksheet_write_string(worksheet, 4, 1, "Nội dung", header)
        worksheet_write_string(worksheet, 4, 2, "Số dòng", header)
        worksheet_write_string(worksheet, 4, 3, "Tệp CSV", header)
        for (index, sheet) in sheets.enumerated() {
            let row = lxw_row_t(5 + index)
            worksheet_write_string(worksheet, row, 0, sheet.name, nil)
            worksheet_write_string(worksheet, row, 1, sheet.description, nil)
            worksheet_write_number(worksheet, row, 2, Double(counts[index]), nil)
            worksheet_write_string(worksheet, row, 3, sheet.file, nil)
        }
        worksheet_set_column(worksheet, 0, 0, 28, nil)
        worksheet_set_column(worksheet, 1, 1, 70, nil)
        worksheet_set_column(worksheet, 2, 2, 10, nil)
        worksheet_set_column(worksheet, 3, 3, 30, nil)
    }

    /// One export as a sheet: its titles, then its rows, typed by column. Returns the rows written.
    private func fill(
        _ worksheet: UnsafeMutablePointer<lxw_worksheet>, from path: String,
        header: UnsafeMutablePointer<lxw_format>?
    ) throws -> Int {
        let reader = CSVReader(
            source: try GzipInflateSource(upstream: try FileByteSource(path: path)),
            limits: CSVLimits(maxLineBytes: 1 << 24, maxCellBytes: 1 << 24, maxColumns: 1 << 12))
        guard var columns = try reader.next()?.strings else { return 0 }
        if let first = columns.first, first.hasPrefix("\u{FEFF}") { columns[0] = String(first.dropFirst()) }
        let export = String(path.split(separator: "/").last?.dropLast(".csv.gz".count) ?? "")
        let numeric = columns.map { WorkbookTitles.isNumber($0, in: export) }
        for (index, column) in columns.enumerated() {
            let title = WorkbookTitles.columns[column] ?? column
            worksheet_write_string(worksheet, 0, lxw_col_t(index), title, header)
            worksheet_set_column(
                worksheet, lxw_col_t(index), lxw_col_t(index),
                Double(min(max(title.count, numeric[index] ? 14 : 8), 40)) + 2, nil)
        }
        var row: lxw_row_t = 0
        while let record = try reader.next() {
            guard Int(row) + 1 < Self.excelRows else { break }  // Excel's last row: the CSV beside holds them all
            row += 1
            for (index, cell) in record.strings.enumerated() where !cell.isEmpty {
                let column = lxw_col_t(index)
                if index < numeric.count, numeric[index], let number = Double(cell) {
                    worksheet_write_number(worksheet, row, column, number, nil)
                } else {
                    worksheet_write_string(worksheet, row, column, cell, nil)
                }
            }
        }
        worksheet_freeze_panes(worksheet, 1, 0)
        printable(worksheet, repeatingHeader: true)
        worksheet_autofilter(worksheet, 0, 0, max(row, 1), lxw_col_t(max(columns.count, 1) - 1))
        return Int(row)
    }

    /// Printed as an official prints it: A4 landscape, one page wide, the column titles on every page.
    private func printable(_ worksheet: UnsafeMutablePointer<lxw_worksheet>?, repeatingHeader: Bool) {
        worksheet_set_paper(worksheet, 9)  // A4
        worksheet_set_landscape(worksheet)
        worksheet_fit_to_pages(worksheet, 1, 0)
        if repeatingHeader { worksheet_repeat_rows(worksheet, 0, 0) }
    }

    /// `2026-10-05T03:00:00Z` → `05/10/2026 10:00 (giờ Việt Nam)`.
    static func vietnamDateTime(_ iso: String) -> String {
        guard let instant = ISO8601DateFormatter().date(from: iso) else { return iso }
        let seconds = Int(instant.timeIntervalSince1970) + 7 * 3600
        let day = CivilDate.inVietnam(instant)
        let minutes = (seconds / 60) % (24 * 60)
        return String(
            format: "%02d/%02d/%04d %02d:%02d (giờ Việt Nam)", day.day, day.month, day.year, minutes / 60, minutes % 60)
    }

    enum WorkbookError: Error, CustomStringConvertible {
        case cannotCreate(String)
        case libxlsxwriter(String, String)

        var description: String {
            switch self {
            case .cannotCreate(let path): "không tạo được bảng tính \(path)"
            case .libxlsxwriter(let path, let reason): "không ghi được bảng tính \(path): \(reason)"
            }
        }
    }
}
