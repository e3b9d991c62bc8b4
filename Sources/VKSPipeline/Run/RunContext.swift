import Foundation
import Logging
import VKSModel
import VKSWarehouse

/// Narrows what a stage works on: `--period` (quarters or years) and `--province` (today's code).
public struct Scope: Sendable {
    public var periods: [ReportingPeriod]?
    public var province: String?

    public init(periods: [ReportingPeriod]? = nil, province: String? = nil) {
        self.periods = periods
        self.province = province
    }

    public static let everything = Scope()

    /// Whether a quarter or year falls in scope (a year in `--period` covers its quarters and itself).
    public func includes(period: ReportingPeriod) -> Bool {
        guard let periods else { return true }
        return periods.contains { $0.covers(period) }
    }
}

/// The time a run is at. `VKSICT_NOW` (ISO 8601) pins it, so tests can stand on a given date.
public struct Clock: Sendable {
    public let now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date) { self.now = now }

    public static let system = Clock { pinned ?? Date() }

    /// Read once: `normalize` stamps every file it loads, and a date formatter costs most of a
    /// millisecond to make (0.3 s over the 544 files of the 1M-row benchmark inbox).
    private static let pinned: Date? = ProcessInfo.processInfo.environment["VKSICT_NOW"].flatMap(parse)

    public var timestamp: String { Clock.format(now()) }
    public var today: CivilDate { CivilDate.inVietnam(now()) }

    /// `2026-10-10T00:00:00Z`: UTC to the second, as `ISO8601DateFormatter`'s internet date-time
    /// writes it, without making a formatter per call.
    public static func format(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var utc = tm()
        gmtime_r(&seconds, &utc)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02dZ", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday,
            utc.tm_hour, utc.tm_min, utc.tm_sec)
    }

    /// An ISO 8601 date-time as stored (`format`, read without a formatter) or as given in
    /// `VKSICT_NOW` (any offset).
    public static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int32? {
            var value: Int32 = 0
            for byte in bytes[range] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int32(byte - UInt8(ascii: "0"))
            }
            return value
        }
        if bytes.count == 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes[10] == UInt8(ascii: "T"),
            bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"), bytes[19] == UInt8(ascii: "Z"),
            let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19)
        {
            let written = (year - 1900, month - 1, day, hour, minute, second)
            var utc = tm()
            (utc.tm_year, utc.tm_mon, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec) = written
            var seconds = timegm(&utc)
            // timegm rolls an impossible time over (30 February is 2 March): a text that does not come
            // back as written is not a date.
            var back = tm()
            gmtime_r(&seconds, &back)
            guard (back.tm_year, back.tm_mon, back.tm_mday, back.tm_hour, back.tm_min, back.tm_sec) == written else {
                return nil
            }
            return Date(timeIntervalSince1970: TimeInterval(seconds))
        }
        return ISO8601DateFormatter().date(from: text)
    }
}

/// Everything a stage needs: configuration, reference data, the warehouse, the run's identity.
public struct RunContext: Sendable {
    public let config: PipelineConfig
    public let reference: ReferenceData
    public let warehouse: Warehouse
    public let runID: String
    public let clock: Clock
    public let scope: Scope
    public let logger: Logger
    /// What every file check of the run uses: limits, today, overrides, the compiled XSD.
    public let checkOptions: CheckOptions
    /// Draws long stages on a terminal; nil elsewhere.
    public let progress: (any StageProgress)?
    /// Held for as long as the context lives: only one writer at a time.
    let lock: RunLock?

    public init(
        config: PipelineConfig, reference: ReferenceData, warehouse: Warehouse, runID: String,
        clock: Clock, scope: Scope, logger: Logger, checkOptions: CheckOptions,
        progress: (any StageProgress)? = nil, lock: RunLock? = nil
    ) {
        self.lock = lock
        self.progress = progress
        self.checkOptions = checkOptions
        self.config = config
        self.reference = reference
        self.warehouse = warehouse
        self.runID = runID
        self.clock = clock
        self.scope = scope
        self.logger = logger
    }

    /// Takes the warehouse lock, opens the warehouse named by the configuration and brings its
    /// reference data up to date. Throws `RunLock.LockError.held` at once if another run is writing.
    public static func open(
        config: PipelineConfig, scope: Scope, logger: Logger, command: String,
        progress: (any StageProgress)? = nil, clock: Clock = .system
    ) throws -> RunContext {
        let runID = makeRunID(clock.now())
        // Said before anything is taken in: a read-only warehouse or archive fails every write later,
        // in SQLite's words, without naming the path.
        try requireWritable(config.warehouse, what: "kho dữ liệu")
        try requireWritable(config.archive, what: "kho lưu trữ tệp gốc (archive)")
        let lock = try RunLock(warehouse: config.warehouse, runID: runID, command: command)
        let reference = try ReferenceData.load(from: config.reference)
        let warehouse = try Warehouse(path: config.warehouse)
        try ReferenceLoader.synchronise(reference, into: warehouse, at: clock.timestamp)
        return RunContext(
            config: config, reference: reference, warehouse: warehouse, runID: runID,
            clock: clock, scope: scope, logger: logger,
            checkOptions: try config.checkOptions(today: clock.today), progress: progress, lock: lock)
    }

    /// `path` (when it exists) and the folder that holds it (SQLite writes its WAL beside the
    /// warehouse; the archive adds files) must be writable by whoever runs vksict.
    private static func requireWritable(_ path: String, what: String) throws {
        var folder = (path as NSString).deletingLastPathComponent
        if folder.isEmpty { folder = "." }
        for candidate in [path, folder] where FileManager.default.fileExists(atPath: candidate) {
            if access(candidate, W_OK) != 0 { throw PipelineError.notWritable(candidate, what: what) }
        }
    }

    /// `20261129T013000Z-7f3a`: sortable by time, unique enough for one warehouse.
    static func makeRunID(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date) + "-" + String(format: "%04x", UInt16.random(in: 0...UInt16.max))
    }
}
