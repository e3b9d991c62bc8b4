import Foundation
import GRDB
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
        var known = 0
        var unreadable = 0
        for (index, entry) in listing.files.enumerated() {
            context.progress?.advance(stage: name, done: index, total: listing.files.count, rows: 0)
            // Hash first: a file seen before (the usual case at night) is read once and never copied.
            // A file that cannot be read now (permissions, removed meanwhile) waits for the next run
            // rather than stopping every other province's.
            let sha: String
            do {
                sha = try Archive.sha256(of: try entry.open())
            } catch let error as ReaderError {
                context.logger.warning("file not readable, left for the next run", metadata: [
                    "file": "\(entry.relativePath)", "error": "\(error)"])
                unreadable += 1
                continue
            }
            if let seen = try context.warehouse.read({ try Ledger.file(sha256: sha, $0) }) {
                known += 1
                if seen.name != entry.relativePath {
                    // The same bytes under another name: recorded once, for `history`.
                    try context.warehouse.write { db in
                        try db.execute(sql: """
                            INSERT OR IGNORE INTO file_sighting (sha256, name, seen_at, run_id) VALUES (?, ?, ?, ?)
                            """, arguments: [sha, entry.relativePath, context.clock.timestamp, context.runID])
                    }
                }
                continue
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
                summary.files += 1
                context.logger.info("file", metadata: ["run_id": "\(context.runID)", "stage": "\(name)",
                                                       "file": "\(entry.relativePath)", "sha256": "\(stored.sha256)",
                                                       "bytes": .stringConvertible(stored.size)])
            } else {
                known += 1
            }
        }
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
