import Foundation
import VKSModel
import VKSReaders
import Yams

/// What to do with a dataset file that has row errors (SPEC §5).
public enum RowErrorPolicy: String, Sendable, Codable {
    /// The whole file is rejected, so no province total is silently short (default).
    case rejectFile = "reject_file"
    /// Bad rows are held back, the rest loads.
    case quarantineRows = "quarantine_rows"
}

/// Size limits (SPEC §4); anything past them is `E_TOO_LARGE`.
public struct Limits: Sendable, Equatable {
    public var maxFileBytes: Int64 = 1 << 30
    public var maxLineBytes = 1 << 20
    public var maxCellBytes = 4096
    public var maxColumns = 200

    public init() {}

    var csv: CSVLimits { CSVLimits(maxLineBytes: maxLineBytes, maxCellBytes: maxCellBytes, maxColumns: maxColumns) }
}

/// A pipeline file (`pipelines/nightly.yaml`) with its paths resolved.
///
/// Paths in the file are relative to the file's own folder (SPEC §12); the command-line flags
/// `--inbox`, `--archive`, `--db` and `--out` override them, relative to the working directory.
public struct PipelineConfig: Sendable {
    public var file: String?
    public var inbox: String
    public var archive: String
    public var warehouse: String
    public var exports: String
    public var reference: String
    public var indicators: String
    public var tables: String
    /// The published XSD of XML submissions (`schemas/submission-v1.xsd`).
    public var schema: String
    public var onRowError: RowErrorPolicy
    public var deadlineDays: Int
    public var limits: Limits
    public var fileOverrides: [FileOverride]
    public var dtIndex: DTIndexConfig
    /// Whether `export` also writes `report.html` into each period's folder.
    public var report: Bool
    public var outliers: OutlierConfig
    /// A file whose contents or inode changed less than this many seconds ago may still be being
    /// copied: it waits for the next run (SPEC §4).
    public var settleSeconds: Int
    /// Where the transport that fills the inbox records arrival times (`path,arrived_at`), if it does.
    /// Inside the inbox, it moves with `--inbox`, and is never taken for a delivery.
    public var arrivals: String?

    /// The keys a pipeline file may hold; an unknown key is an error, so a typo is not silently ignored.
    static let knownKeys: Set<String> = [
        "inbox", "archive", "warehouse", "exports", "reference", "indicators", "tables",
        "on_row_error", "deadline_days", "limits", "file_overrides", "schema",
        "dt_index", "outliers", "report", "settle_seconds", "arrivals",
    ]
    static let knownLimitKeys: Set<String> = ["max_file_bytes", "max_line_bytes", "max_cell_bytes", "max_columns"]

    // swift-format-ignore: AlwaysUseLowerCamelCase
    // The pipeline file's own keys, decoded by name.
    private struct FileContents: Decodable {
        var inbox: String?
        var archive: String?
        var warehouse: String?
        var exports: String?
        var reference: String?
        var indicators: String?
        var tables: String?
        var schema: String?
        var on_row_error: RowErrorPolicy?
        var deadline_days: Int?
        var limits: LimitsContents?
        var file_overrides: [OverrideContents]?
        var dt_index: [String: DTComponentContents]?
        var outliers: OutlierContents?
        var report: Bool?
        var settle_seconds: Int?
        var arrivals: String?
    }

    private struct DTComponentContents: Decodable {
        var weight: Double
        var direction: String?
    }

    // swift-format-ignore: AlwaysUseLowerCamelCase
    // The pipeline file's own keys, decoded by name.
    private struct OutlierContents: Decodable {
        var robust_z: Double?
        var max_change_vs_last_year: Double?
        var history_quarters: Int?
        var min_history: Int?
    }

    private struct OverrideContents: Decodable {
        var pattern: String
        var encoding: String?
        var delimiter: String?
    }

    // swift-format-ignore: AlwaysUseLowerCamelCase
    // The pipeline file's own keys, decoded by name.
    private struct LimitsContents: Decodable {
        var max_file_bytes: Int64?
        var max_line_bytes: Int?
        var max_cell_bytes: Int?
        var max_columns: Int?
    }

    public enum ConfigError: Error, CustomStringConvertible {
        case missing(String)
        case invalid(String, String)

        public var description: String {
            switch self {
            case .missing(let path): "không có tệp cấu hình (pipeline file) \(path)"
            case .invalid(let path, let reason): "tệp cấu hình \(path) sai: \(reason)"
            }
        }

        /// What a decoding failure means for the person editing the file: the key, and what it takes.
        static func explain(_ error: DecodingError) -> String {
            func key(_ path: [any CodingKey]) -> String {
                path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
                    .replacingOccurrences(of: ".[", with: "[")
            }
            func expected(_ type: Any.Type) -> String {
                switch type {
                case is Int.Type, is Int64.Type: "một số nguyên"
                case is Double.Type: "một số"
                case is Bool.Type: "true hoặc false"
                case is String.Type: "một chuỗi chữ"
                default: "một mục đúng dạng (xem pipelines/nightly.yaml)"
                }
            }
            switch error {
            case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
                return "khoá \(key(context.codingPath)): cần \(expected(type))"
            case .keyNotFound(let missing, let context):
                return "khoá \(key(context.codingPath + [missing])): bị thiếu"
            case .dataCorrupted(let context):
                let name = key(context.codingPath)
                if name == "on_row_error" { return "khoá on_row_error: là reject_file hoặc quarantine_rows" }
                return "khoá \(name): giá trị không dùng được"
            @unknown default:
                return "\(error)"
            }
        }
    }

    /// Reads a pipeline file.
    public static func load(_ path: String) throws -> PipelineConfig {
        guard let data = FileManager.default.contents(atPath: path) else { throw ConfigError.missing(path) }
        let contents: FileContents
        do {
            contents = try YAMLDecoder().decode(FileContents.self, from: data)
            let mapping = try Yams.load(yaml: String(decoding: data, as: UTF8.self)) as? [String: Any] ?? [:]
            let unknown = Set(mapping.keys).subtracting(knownKeys)
                .union(
                    Set((mapping["limits"] as? [String: Any] ?? [:]).keys).subtracting(knownLimitKeys).map {
                        "limits." + $0
                    })
            if !unknown.isEmpty {
                throw ConfigError.invalid(
                    path,
                    "khoá không biết: \(unknown.sorted().joined(separator: ", ")); các khoá dùng được: "
                        + knownKeys.sorted().joined(separator: ", "))
            }
        } catch let error as ConfigError {
            throw error
        } catch let error as DecodingError {
            throw ConfigError.invalid(path, ConfigError.explain(error))
        } catch {
            throw ConfigError.invalid(path, "YAML không đọc được: \(error)")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        func resolve(_ value: String?, _ fallback: String) -> String {
            let relative = value ?? fallback
            return relative.hasPrefix("/")
                ? relative : URL(fileURLWithPath: folder).appendingPathComponent(relative).standardized.path
        }
        var limits = Limits()
        if let l = contents.limits {
            limits.maxFileBytes = l.max_file_bytes ?? limits.maxFileBytes
            limits.maxLineBytes = l.max_line_bytes ?? limits.maxLineBytes
            limits.maxCellBytes = l.max_cell_bytes ?? limits.maxCellBytes
            limits.maxColumns = l.max_columns ?? limits.maxColumns
        }
        var overrides: [FileOverride] = []
        for entry in contents.file_overrides ?? [] {
            var encoding: TextEncoding?
            if let name = entry.encoding {
                guard let known = TextEncoding(name: name) else {
                    throw ConfigError.invalid(
                        path,
                        "file_overrides: không biết bảng mã \(name); dùng được UTF-8, UTF-16LE, UTF-16BE, CP1258, TCVN3"
                    )
                }
                encoding = known
            }
            var delimiter: UInt8?
            if let text = entry.delimiter {
                let named = ["comma": ",", "semicolon": ";", "tab": "\t"][text.lowercased()] ?? text
                guard named.utf8.count == 1, let byte = named.utf8.first, DelimiterSniffer.candidates.contains(byte)
                else {
                    throw ConfigError.invalid(path, "file_overrides: delimiter là comma, semicolon hoặc tab")
                }
                delimiter = byte
            }
            overrides.append(FileOverride(pattern: entry.pattern, encoding: encoding, delimiter: delimiter))
        }
        var dtIndex = DTIndexConfig.standard
        if let components = contents.dt_index {
            dtIndex = DTIndexConfig(
                components: try components.sorted { $0.key < $1.key }.map { id, entry in
                    guard entry.weight >= 0 else {
                        throw ConfigError.invalid(path, "khoá dt_index.\(id).weight: phải ≥ 0")
                    }
                    guard entry.direction == nil || ["higher_is_better", "lower_is_better"].contains(entry.direction!)
                    else {
                        throw ConfigError.invalid(
                            path, "khoá dt_index.\(id).direction: là higher_is_better hoặc lower_is_better")
                    }
                    return DTIndexConfig.Component(
                        indicator: id, weight: entry.weight,
                        lowerIsBetter: entry.direction == "lower_is_better")
                })
        }
        var outliers = OutlierConfig()
        if let o = contents.outliers {
            outliers.robustZ = o.robust_z ?? outliers.robustZ
            outliers.maxChangeVsLastYear = o.max_change_vs_last_year ?? outliers.maxChangeVsLastYear
            outliers.historyQuarters = o.history_quarters ?? outliers.historyQuarters
            outliers.minHistory = o.min_history ?? outliers.minHistory
        }
        let settleSeconds = contents.settle_seconds ?? 60
        let deadlineDays = contents.deadline_days ?? 15
        // Values a person can mistype into nonsense: each named with what it takes.
        let ranges: [(String, Bool, String)] = [
            ("settle_seconds", settleSeconds >= 0, "0 giây trở lên"),
            ("deadline_days", (0...366).contains(deadlineDays), "từ 0 đến 366 ngày"),
            ("limits.max_file_bytes", limits.maxFileBytes > 0, "lớn hơn 0"),
            ("limits.max_line_bytes", limits.maxLineBytes > 0, "lớn hơn 0"),
            ("limits.max_cell_bytes", limits.maxCellBytes > 0, "lớn hơn 0"),
            ("limits.max_columns", limits.maxColumns > 0, "lớn hơn 0"),
            ("outliers.robust_z", outliers.robustZ > 0, "lớn hơn 0"),
            ("outliers.max_change_vs_last_year", outliers.maxChangeVsLastYear > 1, "lớn hơn 1 (số lần)"),
            ("outliers.history_quarters", outliers.historyQuarters >= 1, "từ 1 quý trở lên"),
            (
                "outliers.min_history", (1...max(1, outliers.historyQuarters)).contains(outliers.minHistory),
                "từ 1 đến history_quarters"
            ),
            ("dt_index", dtIndex.components.contains { $0.weight > 0 }, "ít nhất một thành phần có weight lớn hơn 0"),
        ]
        if let (key, _, allowed) = ranges.first(where: { !$0.1 }) {
            throw ConfigError.invalid(path, "khoá \(key): phải \(allowed)")
        }
        return PipelineConfig(
            file: path,
            inbox: resolve(contents.inbox, "inbox"),
            archive: resolve(contents.archive, "archive"),
            warehouse: resolve(contents.warehouse, "warehouse.sqlite"),
            exports: resolve(contents.exports, "exports"),
            reference: resolve(contents.reference, "reference"),
            indicators: resolve(contents.indicators, "indicators"),
            tables: resolve(contents.tables, "tables"),
            schema: resolve(contents.schema, "../schemas/submission-v1.xsd"),
            onRowError: contents.on_row_error ?? .rejectFile,
            deadlineDays: deadlineDays,
            limits: limits,
            fileOverrides: overrides,
            dtIndex: dtIndex,
            report: contents.report ?? false,
            outliers: outliers,
            settleSeconds: settleSeconds,
            arrivals: contents.arrivals.map { resolve($0, $0) })
    }

    /// The options the file checks run with under this pipeline file (the XSD must be there; it is
    /// compiled when the first XML file is checked).
    public func checkOptions(today: CivilDate) throws -> CheckOptions {
        guard FileManager.default.fileExists(atPath: schema) else { throw PipelineError.inputMissing(schema) }
        return CheckOptions(
            limits: limits, today: today, fileOverrides: fileOverrides, schema: SubmissionSchema(path: schema))
    }

    /// Applies command-line overrides (paths relative to the working directory).
    public mutating func override(
        inbox: String? = nil, archive: String? = nil, warehouse: String? = nil,
        exports: String? = nil
    ) {
        func absolute(_ path: String) -> String {
            path.hasPrefix("/")
                ? path
                : URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
                    .appendingPathComponent(path).standardized.path
        }
        if let inbox {
            // An arrivals file kept in the inbox is the other inbox's own, at the same place in it.
            if let arrivals, arrivals.hasPrefix(self.inbox + "/") {
                self.arrivals = absolute(inbox) + arrivals.dropFirst(self.inbox.count)
            }
            self.inbox = absolute(inbox)
        }
        if let archive { self.archive = absolute(archive) }
        if let warehouse { self.warehouse = absolute(warehouse) }
        if let exports { self.exports = absolute(exports) }
    }
}
