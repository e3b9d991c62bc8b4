import ArgumentParser
import Foundation
import Logging
import VKSModel
import VKSPipeline
import VKSWarehouse

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

extension PipelineConfig {
    /// The warehouse of a command that only reads it (`status`, `rejections`, `history`, `runs`,
    /// `report`): it must be there (exit 66), and is never created by asking (SPEC §10).
    func existingWarehouse() throws -> Warehouse {
        guard FileManager.default.fileExists(atPath: warehouse) else { throw PipelineError.noWarehouse(warehouse) }
        return try Warehouse(path: warehouse)
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

    /// `--province` and `--period` must name a province and a period that exist (SPEC §10: 64,
    /// saying so), checked once the reference data is read.
    func checkKnown(_ reference: ReferenceData, today: CivilDate) throws {
        if let province { try ScopeOptions.checkProvince(province, reference) }
        for period in scope.periods ?? [] { try ScopeOptions.checkPeriod(period, today: today) }
    }

    static func checkProvince(_ code: String, _ reference: ReferenceData) throws {
        guard reference.province(code) == nil else { return }
        throw ValidationError(
            "--province \(code): không có tỉnh, thành phố nào mã \(code); các mã hiện hành: "
                + reference.provinces.map(\.code).joined(separator: ", "))
    }

    static func checkPeriod(_ period: ReportingPeriod, today: CivilDate) throws {
        let first = period.quarter?.firstDay ?? CivilDate(year: period.calendarYear, month: 1, day: 1)
        guard first > today else { return }
        throw ValidationError("--period \(period): kỳ này chưa bắt đầu (hôm nay là \(today))")
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
            let needsAPerson = summary.rejected > 0 || !summary.unreadable.isEmpty || !summary.problems.isEmpty
            fields.insert(("level", needsAPerson ? "\"warning\"" : "\"info\""), at: 1)
            standardError("{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}")
        }
    }

    /// JSON only: the `run_end` event, the last line of every run, with its outcome and exit code.
    func reportEnd(command: String, runID: String?, exitCode: Int32, since started: Date, reason: String? = nil) {
        guard logFormat == .json else { return }
        let outcome = RunOutcome(exitCode: exitCode)
        var fields = [
            ("event", "\"run_end\""), ("level", JSON.string(outcome.level)), ("command", JSON.string(command)),
            ("run_id", runID.map(JSON.string) ?? "null"), ("outcome", JSON.string(outcome.name)),
            ("exit_code", "\(exitCode)"), ("seconds", String(format: "%.3f", Date().timeIntervalSince(started))),
        ]
        if let reason { fields.append(("reason", JSON.string(reason))) }
        standardError("{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}")
    }
}

/// What an exit code says of a run (SPEC §10), for the `run_end` event.
struct RunOutcome {
    let name: String
    let level: String

    init(exitCode: Int32) {
        switch exitCode {
        case ExitCode.success.rawValue: (name, level) = ("ok", "info")
        case ExitStatus.rejected.rawValue: (name, level) = ("rejected_input", "warning")
        case ExitCode.validationFailure.rawValue: (name, level) = ("usage", "error")
        case ExitStatus.inputMissing.rawValue: (name, level) = ("input_missing", "error")
        case ExitStatus.ioError.rawValue: (name, level) = ("io_error", "error")
        case ExitStatus.locked.rawValue: (name, level) = ("locked", "warning")
        case ExitStatus.configuration.rawValue: (name, level) = ("configuration", "error")
        default: (name, level) = ("internal_error", "error")
        }
    }
}

func standardError(_ line: String) {
    // File names in it come from the provinces' inbox: none may act on the terminal (SPEC §5).
    FileHandle.standardError.write(Data((line.showingInvisibles + "\n").utf8))
}
