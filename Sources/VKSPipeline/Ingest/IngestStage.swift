import Foundation
import GRDB
import Synchronization
import VKSModel
import VKSReaders
import VKSWarehouse

/// Stage 1: takes every new delivery of the inbox into the archive and the ledger.
///
/// A delivery is a file at an inbox path (SPEC §4): a file is taken in when its path is new to the
/// ledger or its bytes differ from those last taken in from that path, so a file left in the inbox is
/// taken in once, and the same bytes under another name are another delivery (last quarter's
/// unchanged staffing file sent for this quarter counts for this quarter). The archive still stores
/// each content once, by SHA-256.
///
/// Each delivery's arrival time is when it reached the inbox (the transport's record, else the
/// earlier of its inode change time and now), and the deliveries of one run enter the ledger in
/// arrival order, then path order: the later one is the newer revision. A file still being written
/// waits for the next run; a folder or file that cannot be read stops nothing else and is named in
/// the summary (`StageSummary.unreadable`), so that the command exits 74.
public struct IngestStage: Stage {
    public let name = "ingest"

    public init() {}

    public func run(_ context: RunContext) throws -> StageSummary {
        let inbox = context.config.inbox
        guard FileManager.default.fileExists(atPath: inbox) else { throw PipelineError.inputMissing(inbox) }
        let adopted = try adoptSightings(context)
        let listing = InboxScanner.scan(inbox)
        for link in listing.skippedLinks {
            context.logger.warning("symbolic link not followed: \(link)")
        }
        for skipped in listing.skippedNames {
            context.logger.info("not a submission, left in the inbox", metadata: ["file": "\(skipped)"])
        }
        for unreadable in listing.unreadable {
            context.logger.warning(
                "folder or file not readable, left for the next run",
                metadata: ["file": "\(unreadable.path)", "error": "\(unreadable.reason)"])
        }
        var unreadable = listing.unreadable
        let arrivalLog = readArrivalLog(context, unreadable: &unreadable)
        let deliveries = arrivingFiles(listing.files, arrivalLog: arrivalLog, context)

        let archive = Archive(folder: context.config.archive)
        AtomicFile.removeLeftovers(in: context.config.archive + "/tmp")
        // Each file is hashed, and copied into the archive when the ledger has never had its bytes,
        // one file per core: a file left in the inbox (the usual case at night) is read once and never
        // copied. The ledger is written in arrival order, one delivery at a time.
        let tally = Mutex(Tally(unreadable: unreadable))
        try InOrderParallel.forEach(
            deliveries.count,
            work: { index -> Result<Hashed, ReaderError> in
                let entry = deliveries[index].entry
                do {
                    let digest = try Archive.digest(of: try entry.open())
                    let last = try context.warehouse.read { try Ledger.lastDelivery(path: entry.relativePath, $0) }
                    if last?.sha256 == digest.sha256 { return .success(.unchanged) }
                    // New bytes that changed a moment ago, or while they were read: still being written.
                    if deliveries[index].settling || digest.size != entry.size { return .success(.settling) }
                    if try context.warehouse.read({ try Ledger.knows(sha256: digest.sha256, $0) }) {
                        return .success(.new(digest))
                    }
                    // Copied and hashed again in one pass: the archive holds what was read; bytes that
                    // changed since the first reading are a file still being written.
                    let stored = try archive.store(from: try entry.open())
                    return .success(stored.sha256 == digest.sha256 ? .new(stored) : .settling)
                } catch ReaderError.io(_, ENOENT) {
                    return .success(.gone)  // renamed or removed since the folder was read: not a delivery
                } catch let error as ReaderError {
                    return .failure(error)
                }
            },
            deliver: { index, hashed in
                let delivery = deliveries[index]
                context.progress?.advance(stage: name, done: index, total: deliveries.count, rows: 0)
                switch hashed {
                case .success(.unchanged):
                    tally.withLock { $0.unchanged += 1 }
                case .success(.gone):
                    context.logger.info(
                        "gone from the inbox since it was listed", metadata: ["file": "\(delivery.entry.relativePath)"])
                case .success(.settling):
                    tally.withLock { $0.settling += 1 }
                    context.logger.info(
                        "still being written, left for the next run",
                        metadata: ["file": "\(delivery.entry.relativePath)"])
                case .failure(let error):
                    context.logger.warning(
                        "file not readable, left for the next run",
                        metadata: [
                            "file": "\(delivery.entry.relativePath)", "error": "\(error)",
                        ])
                    tally.withLock {
                        $0.unreadable.append(.init(path: delivery.entry.relativePath, reason: Self.reason(error)))
                    }
                case .success(.new(let stored)):
                    try context.warehouse.write { db in
                        var file = ReceivedFile(
                            sha256: stored.sha256, name: delivery.entry.relativePath, size: stored.size,
                            arrivedAt: Clock.format(delivery.arrived), runId: context.runID)
                        describe(&file, reference: context.reference, today: context.clock.today)
                        try file.insert(db)
                    }
                    tally.withLock { $0.taken += 1 }
                    context.logger.info(
                        "file",
                        metadata: [
                            "run_id": "\(context.runID)", "stage": "\(name)",
                            "file": "\(delivery.entry.relativePath)", "sha256": "\(stored.sha256)",
                            "bytes": .stringConvertible(stored.size),
                            "arrived_at": "\(Clock.format(delivery.arrived))",
                        ])
                }
            })
        let counted = tally.withLock { $0 }
        var summary = StageSummary(stage: name)
        summary.files = counted.taken + adopted
        summary.unreadable = counted.unreadable.map { "\($0.path) (\($0.reason))" }
        var notes: [String] = []
        if summary.files == 0 { notes.append("không có tệp mới") }
        if counted.unchanged > 0 { notes.append("\(counted.unchanged) tệp đã nhận trước đây, không đổi") }
        if adopted > 0 { notes.append("\(adopted) tệp trùng nội dung ghi nhận trước đây nay được tính là lần nộp") }
        if counted.settling > 0 { notes.append("\(counted.settling) tệp đang được chép vào, để lần chạy sau") }
        if !counted.unreadable.isEmpty { notes.append("\(counted.unreadable.count) tệp hoặc thư mục không đọc được") }
        if !listing.skippedNames.isEmpty {
            notes.append("\(listing.skippedNames.count) tệp không phải báo cáo được bỏ qua")
        }
        if !listing.skippedLinks.isEmpty {
            notes.append("\(listing.skippedLinks.count) liên kết tượng trưng không được theo")
        }
        summary.note = notes.isEmpty ? nil : notes.joined(separator: "; ")
        return summary
    }

    /// Why a file could not be read, in the system's words where it has them ("Permission denied").
    private static func reason(_ error: ReaderError) -> String {
        if case .io(_, let code) = error { return String(cString: strerror(code)) }
        return "\(error)"
    }

    /// A file of the inbox that may be a delivery, with when it arrived.
    private struct Arriving: Sendable {
        let entry: InboxScanner.Entry
        let arrived: Date
        /// It changed within `settle_seconds`: if its bytes are new, it waits for the next run.
        let settling: Bool
    }

    /// What the ledger learns of an inbox file.
    private enum Hashed: Sendable {
        /// The bytes last taken in from this path: nothing new.
        case unchanged
        /// New bytes that changed within `settle_seconds`, or while they were read: still being written.
        case settling
        /// A delivery: bytes new to this path, now in the archive.
        case new(Archive.Stored)
        /// Removed or renamed since the folder was listed (a transfer tool renaming into place).
        case gone
    }

    private struct Tally: Sendable {
        var taken = 0
        var unchanged = 0
        var settling = 0
        var unreadable: [InboxScanner.Unreadable]
    }

    /// The inbox's files in arrival order, then path order.
    ///
    /// File times are the machine's own, so settling is judged against the wall clock even when the
    /// run's clock is pinned (`VKSICT_NOW`); arrival never lies after the run's now.
    private func arrivingFiles(_ files: [InboxScanner.Entry], arrivalLog: ArrivalLog, _ context: RunContext)
        -> [Arriving]
    {
        let wallClock = Date()
        let now = context.clock.now()
        let logPath = context.config.arrivals.flatMap { relativeToInbox($0, context) }
        return files.filter { $0.relativePath != logPath }.map { entry in
            Arriving(
                entry: entry, arrived: arrivalLog.arrival(of: entry.relativePath) ?? min(entry.changed, now),
                settling: entry.isSettling(seconds: context.config.settleSeconds, now: wallClock))
        }.sorted {
            $0.arrived != $1.arrived
                ? $0.arrived < $1.arrived : $0.entry.rawPath.lexicographicallyPrecedes($1.entry.rawPath)
        }
    }

    private func relativeToInbox(_ path: String, _ context: RunContext) -> String? {
        let inbox = context.config.inbox.hasSuffix("/") ? context.config.inbox : context.config.inbox + "/"
        return path.hasPrefix(inbox) ? String(path.dropFirst(inbox.count)) : nil
    }

    /// The transport's arrival times; one that cannot be read is named like an unreadable file (exit
    /// 74) and stops nothing: arrivals then come from the file system.
    private func readArrivalLog(_ context: RunContext, unreadable: inout [InboxScanner.Unreadable]) -> ArrivalLog {
        guard let path = context.config.arrivals else { return ArrivalLog() }
        let log: ArrivalLog
        do {
            log = try ArrivalLog(path: path)
        } catch {
            unreadable.append(InboxScanner.Unreadable(path: path, reason: "\(error.localizedDescription)"))
            context.logger.warning(
                "arrivals file not readable; arrival times taken from the file system",
                metadata: ["file": "\(path)", "error": "\(error)"])
            return ArrivalLog()
        }
        for line in log.unreadableLines {
            context.logger.warning(
                "arrivals file: line not understood, its file's arrival taken from the file system",
                metadata: ["file": "\(path)", "line": "\(line)"])
        }
        return log
    }

    /// Takes in, as deliveries, the names under which known bytes came before v8 (`file_sighting`):
    /// until then the same bytes under another name were not counted (`V8Deliveries`).
    private func adoptSightings(_ context: RunContext) throws -> Int {
        try context.warehouse.write { db in
            let sightings = try Row.fetchAll(
                db,
                sql: """
                    SELECT s.sha256, s.name, s.seen_at, s.run_id, (SELECT MAX(size) FROM received_file r WHERE r.sha256 = s.sha256) AS size
                    FROM file_sighting s ORDER BY s.seen_at, s.name
                    """)
            for sighting in sightings {
                guard let size: Int64 = sighting["size"] else { continue }
                var file = ReceivedFile(
                    sha256: sighting["sha256"], name: sighting["name"], size: size,
                    arrivedAt: sighting["seen_at"], runId: sighting["run_id"])
                describe(&file, reference: context.reference, today: context.clock.today)
                try file.insert(db)
            }
            try db.execute(sql: "DELETE FROM file_sighting")
            return sightings.count
        }
    }

    /// Fills in what the file name says: province (as written and today's), period, dataset, format.
    /// A misnamed file whose every part can still be read (`79_2026Q3_staffing.csv`) is filed under
    /// the return it was meant for, without a format: its `E_FILE_NAME` or `E_PERIOD` then reaches
    /// that province's feedback file, and is history once the file comes back rightly named.
    /// A quarter not yet begun is not taken from a misnamed file: it would invent that quarter.
    private func describe(_ file: inout ReceivedFile, reference: ReferenceData, today: CivilDate) {
        let baseName = String(file.name.split(separator: "/").last ?? "")
        guard let parsed = SubmissionName(fileName: baseName) else {
            guard let meant = NameDiagnosis(fileName: baseName).meant, let period = meant.period,
                period.firstDay <= today, period.year >= Period.earliestYear
            else { return }
            describe(&file, as: meant, reference: reference)
            file.format = nil
            return
        }
        describe(&file, as: parsed, reference: reference)
    }

    private func describe(_ file: inout ReceivedFile, as name: SubmissionName, reference: ReferenceData) {
        file.nameProvinceCode = name.provinceCode
        file.period = name.period
        file.dataset = name.dataset
        file.format = name.format.rawValue
        if let period = name.period {
            file.provinceCode = reference.currentProvinceCode(for: name.provinceCode, in: period)
        }
    }
}
