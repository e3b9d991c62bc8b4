import Foundation
import ZIPFoundation

/// Why a workbook cannot be read.
public enum XLSXError: Error, Equatable {
    /// Not a zip archive, or one cut short: a truncated upload, or another format named `.xlsx`.
    case notAWorkbook
    /// An OLE2 compound file: a workbook with a password (Excel encrypts into one), or `.xls`.
    case encryptedOrLegacy
    /// A zip without the parts every workbook has (`xl/workbook.xml`, its sheets).
    case missingPart(String)
    /// An entry name that climbs out of the archive (`../`) or starts at the root.
    case unsafeEntryName(String)
    /// The uncompressed parts (or the shared strings) beyond the limit: a zip bomb stops here.
    case tooLarge(limit: Int64)
    case doctype(part: String)
    case malformed(part: String, detail: String)
}

/// Limits for reading a workbook: the uncompressed bytes of every part read, together, and the
/// shared strings held in memory (the only part kept whole: cells point into it).
public struct XLSXLimits: Sendable {
    public var maxUncompressedBytes: Int64
    public var maxSharedStringBytes: Int

    public init(maxUncompressedBytes: Int64 = 1 << 30, maxSharedStringBytes: Int = 64 << 20) {
        self.maxUncompressedBytes = maxUncompressedBytes
        self.maxSharedStringBytes = maxSharedStringBytes
    }
}

/// An Office Open XML workbook (`.xlsx`, as Excel and LibreOffice save it), read with ZIPFoundation
/// and libxml2's SAX parser: its sheets' names, and one sheet streamed out as CSV (SPEC §4).
public final class XLSXWorkbook {
    public struct Sheet: Sendable, Equatable {
        public let name: String
        /// The sheet's part in the archive (`xl/worksheets/sheet1.xml`).
        let part: String
    }

    public let sheets: [Sheet]
    private let archive: Archive
    private let limits: XLSXLimits
    private var inflated: Int64 = 0
    private let date1904: Bool

    public init(path: String, limits: XLSXLimits = XLSXLimits()) throws {
        self.limits = limits
        if let head = FileHandle(forReadingAtPath: path).map({ handle in
            defer { try? handle.close() }
            return handle.readData(ofLength: 4)
        }), head == Data([0xD0, 0xCF, 0x11, 0xE0]) {
            throw XLSXError.encryptedOrLegacy
        }
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw XLSXError.notAWorkbook
        }
        for entry in archive where entry.path.hasPrefix("/") || entry.path.split(separator: "/").contains("..") {
            throw XLSXError.unsafeEntryName(entry.path)
        }
        let book = WorkbookPart()
        try Self.read("xl/workbook.xml", of: archive, limits: limits, inflated: &inflated, into: book)
        let relations = RelationsPart()
        try Self.read("xl/_rels/workbook.xml.rels", of: archive, limits: limits, inflated: &inflated, into: relations)
        date1904 = book.date1904
        sheets = book.sheets.compactMap { sheet in
            guard let target = relations.targets[sheet.relation] else { return nil }
            let part = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            return Sheet(name: sheet.name, part: part)
        }
        guard !sheets.isEmpty else { throw XLSXError.missingPart("xl/worksheets") }
    }

    /// Writes `sheet` as CSV (UTF-8, comma, CRLF) to `sink`, one line per sheet row: line n is the
    /// sheet's row n, so a finding's line is the row Excel shows (rows the sheet skips are empty
    /// lines). A number cell is written as its number in Vietnamese notation (`125,36`), a date cell
    /// (by its number format) as its date (`2026-03-31`), a boolean as 1 or 0, text as it is; a line
    /// break inside a cell becomes a space, so that no cell moves the rows below it.
    public func writeCSV(of sheet: Sheet, to sink: ByteSink) throws {
        let strings = SharedStringsPart(limit: limits.maxSharedStringBytes)
        if archive["xl/sharedStrings.xml"] != nil {
            try Self.read("xl/sharedStrings.xml", of: archive, limits: limits, inflated: &inflated, into: strings)
            if strings.isOverLimit { throw XLSXError.tooLarge(limit: Int64(limits.maxSharedStringBytes)) }
        }
        let styles = StylesPart()
        if archive["xl/styles.xml"] != nil {
            try Self.read("xl/styles.xml", of: archive, limits: limits, inflated: &inflated, into: styles)
        }
        let rows = SheetPart(
            strings: strings.strings, dateStyles: styles.dateStyles, date1904: date1904, sink: sink)
        try Self.read(sheet.part, of: archive, limits: limits, inflated: &inflated, into: rows)
        try rows.flush()
    }

    /// A sheet part's XML (`xl/worksheets/sheet1.xml`) as the CSV `writeCSV` writes, given the
    /// workbook's shared strings: the sheet reader without the archive around it (the fuzz target,
    /// and tests of odd sheets).
    public static func csv(ofSheetXML xml: [UInt8], strings: [String] = []) throws -> [UInt8] {
        let sink = MemorySink()
        let rows = SheetPart(strings: strings, dateStyles: [], date1904: false, sink: sink)
        let parser = XLSXPartParser(part: "sheet", handler: rows)
        try xml.withUnsafeBytes { try parser.feed($0) }
        try parser.finish()
        if let problem = rows.problem { throw XLSXError.malformed(part: "sheet", detail: problem) }
        try rows.flush()
        return sink.bytes
    }

    /// Streams one part through the SAX parser, counting what it inflates against the limit.
    private static func read(
        _ part: String, of archive: Archive, limits: XLSXLimits, inflated: inout Int64, into handler: XLSXPartHandler
    ) throws {
        guard let entry = archive[part] else { throw XLSXError.missingPart(part) }
        let parser = XLSXPartParser(part: part, handler: handler)
        var total = inflated
        do {
            _ = try archive.extract(entry, skipCRC32: false) { data in
                total += Int64(data.count)
                guard total <= limits.maxUncompressedBytes else {
                    throw XLSXError.tooLarge(limit: limits.maxUncompressedBytes)
                }
                try data.withUnsafeBytes { try parser.feed($0) }
            }
        } catch let error as XLSXError {
            throw error
        } catch {
            throw XLSXError.malformed(part: part, detail: "\(error)")
        }
        inflated = total
        try parser.finish()
        if let problem = handler.problem { throw XLSXError.malformed(part: part, detail: problem) }
    }
}
