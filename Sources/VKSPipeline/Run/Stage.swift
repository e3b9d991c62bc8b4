import Foundation
import VKSWarehouse

/// What a stage did, for the summary line and the run log.
public struct StageSummary: Sendable {
    public var stage: String
    public var files = 0
    public var rows = 0
    public var rejected = 0
    public var seconds = 0.0
    /// Said when the stage had nothing to do, so a quiet second run says so.
    public var note: String?
    /// Inbox folders and files that could not be read, each with the reason: the command exits 74
    /// so that a person fixes them, after every other file went through.
    public var unreadable: [String] = []
    /// Configuration files that could not be used (a definition, the pipeline file): the rest was
    /// done, and the command exits 78 naming each.
    public var problems: [ConfigurationProblem] = []

    public init(stage: String) { self.stage = stage }

    /// `validate: 272 files, 65 512 rows, 9 rejected, 1.2 s`
    public var line: String {
        // For a person: Vietnamese words, a decimal comma; the stage keeps its command's name.
        var text =
            "\(stage): \(files) tệp, \(rows) dòng, \(rejected) bị từ chối, "
            + String(format: "%.2f", seconds).replacingOccurrences(of: ".", with: ",") + " giây"
        if let note { text += " — \(note)" }
        return text
    }
}

/// One step of the pipeline. Stages know nothing of the command line.
public protocol Stage: Sendable {
    var name: String { get }
    func run(_ context: RunContext) throws -> StageSummary
}

extension Stage {
    /// Runs the stage with its run-log entry and timing.
    public func execute(_ context: RunContext) throws -> StageSummary {
        let started = Date()
        try context.warehouse.write { db in
            try RunLog.start(runID: context.runID, stage: name, at: context.clock.timestamp, db)
        }
        var summary: StageSummary
        do {
            summary = try run(context)
            context.progress?.finish(stage: name)
        } catch {
            context.progress?.finish(stage: name)
            try? context.warehouse.write { db in
                try RunLog.finish(
                    runID: context.runID, stage: name, at: context.clock.timestamp, files: 0, rows: 0,
                    rejected: 0, outcome: "failed: \(error)", db)
            }
            throw error
        }
        summary.seconds = Date().timeIntervalSince(started)
        try context.warehouse.write { [summary] db in
            try RunLog.finish(
                runID: context.runID, stage: name, at: context.clock.timestamp, files: summary.files,
                rows: summary.rows, rejected: summary.rejected, outcome: "ok", db)
        }
        return summary
    }
}
