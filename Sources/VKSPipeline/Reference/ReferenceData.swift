import Crypto
import Foundation
import VKSModel
import VKSReaders

/// A province in force since 1 July 2025.
public struct Province: Sendable, Equatable {
    public let code: String
    public let name: String
    public let shortName: String
}

/// One of the 63 provinces before the merger, and the province it became part of.
public struct FormerProvince: Sendable, Equatable {
    public let oldCode: String
    public let oldName: String
    public let newCode: String
    public let effectiveFrom: String
}

/// A reporting unit: a provincial procuracy (code = province code) or a regional one (`79-03`).
public struct ReportingUnit: Sendable, Equatable {
    public let code: String
    public let name: String
    public let provinceCode: String
    public let level: String
    public let activeFrom: CivilDate?
    public let activeTo: CivilDate?

    /// Whether the unit existed during any part of the quarter.
    public func isActive(in period: Period) -> Bool {
        if let from = activeFrom, from > period.lastDay { return false }
        if let to = activeTo, to < period.firstDay { return false }
        return true
    }
}

/// An entry of a code list: its code, Vietnamese name and aliases.
public struct CodeEntry: Sendable, Equatable {
    public let code: String
    public let name: String
    public let aliases: [String]
    /// `core` for the software catalog, `factor` for amount units; empty elsewhere.
    public let attributes: [String: String]
}

/// A code list with its lookup table (match key → code).
public struct CodeList: Sendable {
    public let name: CodeListName
    public let entries: [CodeEntry]
    private let byKey: [String: (code: String, isOfficial: Bool)]

    /// What a written value resolves to, and whether it was the code itself or a name/alias.
    public struct Match: Sendable, Equatable {
        public let code: String
        public let viaAlias: Bool
    }

    init(name: CodeListName, entries: [CodeEntry]) throws {
        self.name = name
        self.entries = entries
        // The code and the official Vietnamese name are as good as each other (SPEC §5: no W_ALIAS
        // for `Máy tính để bàn`); only the other spellings are aliases.
        var table: [String: (code: String, isOfficial: Bool)] = [:]
        for entry in entries {
            for (text, isOfficial) in [(entry.code, true), (entry.name, true)] + entry.aliases.map({ ($0, false) }) {
                let key = Text.matchKey(text)
                if let existing = table[key], existing.code != entry.code {
                    throw ReferenceError.ambiguousAlias(
                        list: name.rawValue, text: text, codes: [existing.code, entry.code])
                }
                if table[key] == nil || isOfficial { table[key] = (entry.code, isOfficial) }
            }
        }
        byKey = table
    }

    public func match(_ written: String) -> Match? {
        guard let hit = byKey[Text.matchKey(written)] else { return nil }
        return Match(code: hit.code, viaAlias: !hit.isOfficial)
    }

    public func entry(_ code: String) -> CodeEntry? { entries.first { $0.code == code } }
}

public enum ReferenceError: Error, CustomStringConvertible {
    case missingFile(String)
    case missingColumn(file: String, column: String)
    case ambiguousAlias(list: String, text: String, codes: [String])
    case unreadable(file: String, reason: String)
    case unknownColumn(file: String, column: String)
    case unknownDataset(file: String, dataset: String)

    public var description: String {
        switch self {
        case .missingFile(let path): "thiếu tệp dữ liệu tham chiếu: \(path)"
        case .missingColumn(let file, let column): "tệp tham chiếu \(file) thiếu cột \(column)"
        case .ambiguousAlias(let list, let text, let codes):
            "danh mục \(list): cách viết \"\(text)\" chỉ cả mã \(codes.joined(separator: " và ")); "
                + "mỗi tên gọi hay tên khác chỉ được chỉ một mã: sửa cột aliases"
        case .unreadable(let file, let reason): "không đọc được tệp tham chiếu \(file): \(reason)"
        case .unknownColumn(let file, let column):
            "tệp tham chiếu \(file): không có cột dữ liệu nào tên \"\(column)\" (xem SPEC §3)"
        case .unknownDataset(let file, let dataset):
            "tệp tham chiếu \(file): \"\(dataset)\" không phải một bộ dữ liệu (staffing, hardware, software, "
                + "spending, hoặc * cho mọi bộ)"
        }
    }
}

/// All reference data of `pipelines/reference/`, read into memory (it is small) with its content hash.
public struct ReferenceData: Sendable {
    public let provinces: [Province]
    public let formerProvinces: [FormerProvince]
    public let units: [ReportingUnit]
    public let codeLists: [CodeListName: CodeList]
    /// The header spellings of every column (`column_headers.csv`).
    public let columnHeaders: ColumnHeaders
    /// Each province's square on the report's tile map (`province_tiles.csv`): column west to east,
    /// row north to south.
    public let tiles: [String: (column: Int, row: Int)]
    /// SHA-256 over every file's name and bytes, in name order: changes whenever any file does.
    public let sha256: String

    private let provinceByCode: [String: Province]
    private let formerByCode: [String: FormerProvince]
    private let unitByCode: [String: ReportingUnit]

    public func province(_ code: String) -> Province? { provinceByCode[code] }
    public func formerProvince(_ code: String) -> FormerProvince? { formerByCode[code] }
    public func unit(_ code: String) -> ReportingUnit? { unitByCode[code] }
    public func list(_ name: CodeListName) -> CodeList { codeLists[name]! }

    /// Today's province a file-name province code stands for in a period: the code itself from
    /// 2025-Q3 on, the crosswalk's target before (the period decides which list a code is read against).
    public func currentProvinceCode(for code: String, in period: Period) -> String? {
        if period.isBeforeMerger { return formerByCode[code]?.newCode }
        return provinceByCode[code]?.code
    }

    public static let fileNames =
        ["provinces.csv", "provinces_pre2025.csv", "units.csv", "province_tiles.csv", ColumnHeaders.fileName]
        + CodeListName.allCases.map(\.fileName)

    /// Loads every reference file from `folder`.
    public static func load(from folder: String) throws -> ReferenceData {
        try load { name in
            let path = folder + "/" + name
            guard let bytes = FileManager.default.contents(atPath: path) else { throw ReferenceError.missingFile(path) }
            return [UInt8](bytes)
        }
    }

    /// The reference data built into the executable (`EmbeddedDefaults`, the repository's own at
    /// build time): for `check` and `inspect` run where no pipeline folder is.
    public static func embedded() throws -> ReferenceData {
        try load { name in
            guard let text = EmbeddedDefaults.reference[name] else { throw ReferenceError.missingFile(name) }
            return Array(text.utf8)
        }
    }

    /// Reads the files through `contents` (by file name), in name order.
    private static func load(_ contents: (String) throws -> [UInt8]) throws -> ReferenceData {
        var hasher = SHA256()
        var tables: [String: [[String: String]]] = [:]
        for name in fileNames.sorted() {
            let bytes = try contents(name)
            hasher.update(data: Data(name.utf8))
            hasher.update(data: bytes)
            tables[name] = try readTable(bytes, file: name)
        }
        let digest = hasher.finalize().lowercaseHex

        func column(_ row: [String: String], _ key: String, _ file: String) throws -> String {
            guard let value = row[key] else { throw ReferenceError.missingColumn(file: file, column: key) }
            return value
        }
        let provinces = try tables["provinces.csv"]!.map {
            Province(
                code: try column($0, "province_code", "provinces.csv"), name: try column($0, "name", "provinces.csv"),
                shortName: try column($0, "short_name", "provinces.csv"))
        }
        let former = try tables["provinces_pre2025.csv"]!.map {
            FormerProvince(
                oldCode: try column($0, "old_code", "provinces_pre2025.csv"),
                oldName: try column($0, "old_name", "provinces_pre2025.csv"),
                newCode: try column($0, "new_code", "provinces_pre2025.csv"),
                effectiveFrom: try column($0, "effective_from", "provinces_pre2025.csv"))
        }
        let units = try tables["units.csv"]!.map {
            ReportingUnit(
                code: try column($0, "unit_code", "units.csv"), name: try column($0, "name", "units.csv"),
                provinceCode: try column($0, "province_code", "units.csv"),
                level: try column($0, "level", "units.csv"),
                activeFrom: CivilDate(iso: $0["active_from"] ?? ""), activeTo: CivilDate(iso: $0["active_to"] ?? ""))
        }
        var lists: [CodeListName: CodeList] = [:]
        for listName in CodeListName.allCases {
            let file = listName.fileName
            let entries = try tables[file]!.map { row in
                let aliases = (row["aliases"] ?? "").split(separator: "|").map { String($0) }.filter { !$0.isEmpty }
                var attributes = row
                for key in ["code", "name", "aliases"] { attributes[key] = nil }
                return CodeEntry(
                    code: try column(row, "code", file), name: try column(row, "name", file),
                    aliases: aliases, attributes: attributes)
            }
            lists[listName] = try CodeList(name: listName, entries: entries)
        }
        let headersFile = ColumnHeaders.fileName
        let columnHeaders = try ColumnHeaders(
            tables[headersFile]!.map { row in
                let dataset = try column(row, "dataset", headersFile)
                guard dataset == "*" || Dataset(rawValue: dataset) != nil else {
                    throw ReferenceError.unknownDataset(file: headersFile, dataset: dataset)
                }
                return ColumnHeaders.Spelling(
                    dataset: Dataset(rawValue: dataset), column: try column(row, "column", headersFile),
                    header: try column(row, "header", headersFile))
            })
        var tiles: [String: (column: Int, row: Int)] = [:]
        for row in tables["province_tiles.csv"]! {
            let code = try column(row, "province_code", "province_tiles.csv")
            guard let x = Int(try column(row, "col", "province_tiles.csv")),
                let y = Int(try column(row, "row", "province_tiles.csv"))
            else {
                throw ReferenceError.unreadable(
                    file: "province_tiles.csv", reason: "col, row của \(code) không phải số")
            }
            tiles[code] = (x, y)
        }
        return ReferenceData(
            provinces: provinces, formerProvinces: former, units: units, codeLists: lists,
            columnHeaders: columnHeaders, tiles: tiles, sha256: digest)
    }

    init(
        provinces: [Province], formerProvinces: [FormerProvince], units: [ReportingUnit],
        codeLists: [CodeListName: CodeList], columnHeaders: ColumnHeaders = .namesAndLabels,
        tiles: [String: (column: Int, row: Int)] = [:], sha256: String
    ) {
        self.tiles = tiles
        self.provinces = provinces
        self.formerProvinces = formerProvinces
        self.units = units
        self.codeLists = codeLists
        self.columnHeaders = columnHeaders
        self.sha256 = sha256
        provinceByCode = Dictionary(provinces.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        formerByCode = Dictionary(formerProvinces.map { ($0.oldCode, $0) }, uniquingKeysWith: { first, _ in first })
        unitByCode = Dictionary(units.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// A small UTF-8 CSV with a header, as a list of header → cell dictionaries.
    static func readTable(_ bytes: [UInt8], file: String) throws -> [[String: String]] {
        let reader = CSVReader(source: MemoryByteSource(bytes))
        do {
            guard let header = try reader.next() else { return [] }
            let names = header.strings.map { $0.trimmingCharacters(in: .whitespaces) }
            var rows: [[String: String]] = []
            while let record = try reader.next() {
                if record.isBlank { continue }
                let cells = record.strings
                var row: [String: String] = [:]
                for (index, name) in names.enumerated() where index < cells.count {
                    row[name] = Text.normalized(cells[index])
                }
                rows.append(row)
            }
            return rows
        } catch {
            throw ReferenceError.unreadable(file: file, reason: "\(error)")
        }
    }
}
