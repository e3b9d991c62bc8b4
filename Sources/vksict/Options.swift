import ArgumentParser
import Foundation
import Logging
import VKSModel
import VKSPipeline

/// Where things are: the pipeline file and the path flags that override it (SPEC §12).
struct PathOptions: ParsableArguments {
    @Option(help: "Pipeline file whose keys say where the inbox, archive, warehouse and exports are.")
    var pipeline = "pipelines/nightly.yaml"

    @Option(help: "Inbox folder (overrides the pipeline file).")
    var inbox: String?

    @Option(help: "Archive folder (overrides the pipeline file).")
    var archive: String?

    @Option(help: "Warehouse SQLite file (overrides the pipeline file).")
    var db: String?

    @Option(help: "Exports folder (overrides the pipeline file).")
    var out: String?

    func config(pipelineFile: String? = nil) throws -> PipelineConfig {
        var config = try PipelineConfig.load(pipelineFile ?? pipeline)
        config.override(inbox: inbox, archive: archive, warehouse: db, exports: out)
        return config
    }
}

/// `--period` and `--province`: narrow what a stage or a report covers.
struct ScopeOptions: ParsableArguments {
    @Option(help: "Period(s): a quarter (2026-Q3) or a year (2026); repeat or separate with commas.")
    var period: [String] = []

    @Option(help: "Today's province code (two digits, e.g. 79).")
    var province: String?

    /// What was given, after `validate` checked every period.
    var scope: Scope {
        let periods = texts.compactMap(ReportingPeriod.init)
        return Scope(periods: periods.isEmpty ? nil : periods, province: province)
    }

    private var texts: [String] {
        period.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
    }

    func validate() throws {
        for text in texts where ReportingPeriod(text) == nil {
            throw ValidationError("--period \(text): expected a quarter such as 2026-Q3 or a year such as 2026")
        }
        if let province, province.count != 2 || Int(province) == nil {
            throw ValidationError("--province \(province): expected a two-digit code such as 79 or 01")
        }
    }
}

enum LogFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

/// How a command talks: summary lines on stderr, as text or JSON, or nothing on success (`--quiet`).
struct OutputOptions: ParsableArguments {
    @Option(help: "Log lines as text or one JSON object per line.")
    var logFormat: LogFormat = .text

    @Flag(help: "Print nothing when all went well (for cron).")
    var quiet = false

    /// Text: warnings and errors only (file events would drown cron's mail); JSON: every event.
    func makeLogger() -> Logger {
        var logger = Logger(label: "vksict") { _ in
            EventLogHandler(format: logFormat, logLevel: logFormat == .json ? .info : .warning)
        }
        logger.logLevel = logFormat == .json && !quiet ? .info : .warning
        return logger
    }

    func report(_ summary: StageSummary, runID: String) {
        switch logFormat {
        case .text:
            standardError(summary.line)
        case .json:
            var fields = [
                ("event", "\"stage\""), ("run_id", JSON.string(runID)), ("stage", JSON.string(summary.stage)),
                ("files", "\(summary.files)"), ("rows", "\(summary.rows)"), ("rejected", "\(summary.rejected)"),
                ("seconds", String(format: "%.3f", summary.seconds)),
            ]
            if let note = summary.note { fields.append(("note", JSON.string(note))) }
            standardError("{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}")
        }
    }
}

func standardError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
