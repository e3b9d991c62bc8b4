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
        // Each file is hashed, and copied into the archive when the ledger does not know it, one
        // file per core: a file seen before (the usual case at night) is read once and never copied.
        // The ledger is written in inbox order, one file at a time.
        let files = listing.files
        let tally = Mutex((summary: summary, known: 0, unreadable: 0))
        try InOrderParallel.forEach(files.count, work: { index -> Result<Hashed, ReaderError> in
            do {
                let sha = try Archive.sha256(of: try files[index].open())
                if let seen = try context.warehouse.read({ try Ledger.file(sha256: sha, $0) }) {
                    return .success(.known(sha, seenAs: seen.name))
                }
                // Copied and hashed again in one pass: the archive holds what was read, even if the
                // file changed since it was first hashed.
                return .success(.stored(try archive.store(from: try files[index].open())))
            } catch let error as ReaderError {
                return .failure(error)
            }
        }, deliver: { index, hashed in
            let entry = files[index]
            context.progress?.advance(stage: name, done: index, total: files.count, rows: 0)
            // A file that cannot be read now (permissions, removed meanwhile) waits for the next run
            // rather than stopping every other province's.
            let stored: Archive.Stored
            switch hashed {
            case .success(.stored(let copy)):
                stored = copy
            case .success(.known(let sha, let seenName)):
                tally.withLock { $0.known += 1 }
                try recordSighting(sha: sha, name: entry.relativePath, seenAs: seenName, context)
                return
            case .failure(let error):
                context.logger.warning("file not readable, left for the next run", metadata: [
                    "file": "\(entry.relativePath)", "error": "\(error)"])
                tally.withLock { $0.unreadable += 1 }
                return
            }
            // The name the ledger has the bytes under when an earlier file of this inbox brought them.
            let seenName = try context.warehouse.write { db -> String? in
                if let seen = try Ledger.file(sha256: stored.sha256, db) { return seen.name }
                var file = ReceivedFile(sha256: stored.sha256, name: entry.relativePath, size: stored.size,
                                        arrivedAt: context.clock.timestamp, runId: context.runID)
                describe(&file, reference: context.reference)
                try file.insert(db)
                return nil
            }
            if let seenName {
                tally.withLock { $0.known += 1 }
                try recordSighting(sha: stored.sha256, name: entry.relativePath, seenAs: seenName, context)
            } else {
                tally.withLock { $0.summary.files += 1 }
                context.logger.info("file", metadata: ["run_id": "\(context.runID)", "stage": "\(name)",
                                                       "file": "\(entry.relativePath)", "sha256": "\(stored.sha256)",
                                                       "bytes": .stringConvertible(stored.size)])
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

    /// What the ledger learns of an inbox file.
    private enum Hashed: Sendable {
        /// Bytes the ledger already has, under the name they first came with.
        case known(String, seenAs: String)
        /// Bytes new to the ledger, now in the archive.
        case stored(Archive.Stored)
    }

    /// The same bytes under another name than the ledger's: recorded once, for `history`.
    private func recordSighting(sha: String, name: String, seenAs seenName: String, _ context: RunContext) throws {
        guard seenName != name else { return }
        try context.warehouse.write { db in
            try db.execute(sql: """
                INSERT OR IGNORE INTO file_sighting (sha256, name, seen_at, run_id) VALUES (?, ?, ?, ?)
                """, arguments: [sha, name, context.clock.timestamp, context.runID])
        }
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
