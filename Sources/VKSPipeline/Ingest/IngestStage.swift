import Foundation
import GRDB
import Synchronization
import VKSReaders
import VKSWarehouse

/// Stage 1: takes every new file of the inbox into the archive and the ledger.
///
/// What has been seen is known by SHA-256, never by name or file time: a file already ingested is
/// skipped whatever its name, and files stay in the inbox afterwards.
public struct IngestStage: Stage {
    public let name = "ingest"

    public init() {}

    public func run(_ context: RunContext) throws -> StageSummary {
        var summary = StageSummary(stage: name)
        let inbox = context.config.inbox
        guard FileManager.default.fileExists(atPath: inbox) else { throw PipelineError.inputMissing(inbox) }
        let listing = try InboxScanner.scan(inbox)
        for link in listing.skippedLinks {
            context.logger.warning("symbolic link not followed: \(link)")
        }
        let archive = Archive(folder: context.config.archive)
        AtomicFile.removeLeftovers(in: context.config.archive + "/tmp")
        // Hash first, one file per core: a file seen before (the usual case at night) is read once
        // and never copied. The rest happens in inbox order, one file at a time.
        let files = listing.files
        let tally = Mutex((summary: summary, known: 0, unreadable: 0))
        try InOrderParallel.forEach(files.count, work: { index -> Result<String, ReaderError> in
            do {
                return .success(try Archive.sha256(of: try files[index].open()))
            } catch let error as ReaderError {
                return .failure(error)
            }
        }, deliver: { index, hashed in
            let entry = files[index]
            context.progress?.advance(stage: name, done: index, total: files.count, rows: 0)
            // A file that cannot be read now (permissions, removed meanwhile) waits for the next run
            // rather than stopping every other province's.
            let sha: String
            switch hashed {
            case .success(let hash):
                sha = hash
            case .failure(let error):
                context.logger.warning("file not readable, left for the next run", metadata: [
                    "file": "\(entry.relativePath)", "error": "\(error)"])
                tally.withLock { $0.unreadable += 1 }
                return
            }
            if let seen = try context.warehouse.read({ try Ledger.file(sha256: sha, $0) }) {
                tally.withLock { $0.known += 1 }
                if seen.name != entry.relativePath {
                    // The same bytes under another name: recorded once, for `history`.
                    try context.warehouse.write { db in
                        try db.execute(sql: """
                            INSERT OR IGNORE INTO file_sighting (sha256, name, seen_at, run_id) VALUES (?, ?, ?, ?)
                            """, arguments: [sha, entry.relativePath, context.clock.timestamp, context.runID])
                    }
                }
                return
            }
            let stored = try archive.store(from: try entry.open())
            let isNew = try context.warehouse.write { db -> Bool in
                guard try Ledger.file(sha256: stored.sha256, db) == nil else { return false }
                var file = ReceivedFile(sha256: stored.sha256, name: entry.relativePath, size: stored.size,
                                        arrivedAt: context.clock.timestamp, runId: context.runID)
                describe(&file, reference: context.reference)
                try file.insert(db)
                return true
            }
            if isNew {
                tally.withLock { $0.summary.files += 1 }
                context.logger.info("file", metadata: ["run_id": "\(context.runID)", "stage": "\(name)",
                                                       "file": "\(entry.relativePath)", "sha256": "\(stored.sha256)",
                                                       "bytes": .stringConvertible(stored.size)])
            } else {
                tally.withLock { $0.known += 1 }
            }
        })
        let (counted, known, unreadable) = tally.withLock { $0 }
        summary = counted
        var notes: [String] = []
        if summary.files == 0 { notes.append("không có tệp mới (\(known) tệp đã nhận trước đây)") }
        else if known > 0 { notes.append("\(known) tệp đã nhận trước đây được bỏ qua") }
        if unreadable > 0 { notes.append("\(unreadable) tệp không đọc được, để lần chạy sau") }
        if !listing.skippedLinks.isEmpty { notes.append("\(listing.skippedLinks.count) liên kết tượng trưng không được theo") }
        summary.note = notes.isEmpty ? nil : notes.joined(separator: "; ")
        return summary
    }

    /// Fills in what the file name says: province (as written and today's), period, dataset, format.
    private func describe(_ file: inout ReceivedFile, reference: ReferenceData) {
        let baseName = String(file.name.split(separator: "/").last ?? "")
        guard let name = SubmissionName(fileName: baseName) else { return }
        file.nameProvinceCode = name.provinceCode
        file.period = name.period?.description
        file.dataset = name.dataset?.rawValue
        file.format = name.format.rawValue
        if let period = name.period {
            file.provinceCode = reference.currentProvinceCode(for: name.provinceCode, in: period)
        }
    }
}

/// Failures of the system or its inputs (not of a province's data): they stop the command.
public enum PipelineError: Error, CustomStringConvertible {
    case inputMissing(String)
    case internalFailure(String)

    public var description: String {
        switch self {
        case .inputMissing(let path): "input missing: \(path)"
        case .internalFailure(let reason): reason
        }
    }
}
