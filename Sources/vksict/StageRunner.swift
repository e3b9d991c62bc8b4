import ArgumentParser
import Foundation
import VKSPipeline

/// Runs stages in order on one warehouse, reports each, and exits 65 when a file was rejected.
///
/// With `--quiet` (cron) nothing is printed when all went well; when something needs a person, the
/// stage summaries are printed after all, with where to look next.
///
/// With `--log-format json`, the last line is a `run_end` event with the outcome and the exit code,
/// whatever stopped the run, so that log collection sees every run end.
func runStages(
    _ stages: [any Stage], command: String, paths: PathOptions, pipelineFile: String? = nil,
    scope: Scope, output: OutputOptions
) throws {
    var runID: String?
    let started = Date()
    do {
        try runStages(
            stages, command: command, paths: paths, pipelineFile: pipelineFile, scope: scope, output: output,
            runID: &runID)
        output.reportEnd(command: command, runID: runID, exitCode: 0, since: started)
    } catch let code as ExitCode {
        output.reportEnd(command: command, runID: runID, exitCode: code.rawValue, since: started)
        throw code
    } catch {
        // ArgumentParser's own (a ValidationError is a usage error, 64).
        output.reportEnd(
            command: command, runID: runID, exitCode: ExitCode.validationFailure.rawValue, since: started,
            reason: "\(error)")
        throw error
    }
}

private func runStages(
    _ stages: [any Stage], command: String, paths: PathOptions, pipelineFile: String?,
    scope: Scope, output: OutputOptions, runID: inout String?
) throws {
    try withExitCodes {
        let config = try paths.config(pipelineFile: pipelineFile)
        let context = try RunContext.open(
            config: config, scope: scope, logger: output.makeLogger(), command: command,
            progress: TerminalProgress.ifTerminal(output))
        runID = context.runID
        if let province = scope.province { try ScopeOptions.checkProvince(province, context.reference) }
        for period in scope.periods ?? [] { try ScopeOptions.checkPeriod(period, today: context.clock.today) }
        var rejected = 0
        var unreadable: [String] = []
        var problems: [ConfigurationProblem] = []
        var held: [StageSummary] = []
        for stage in stages {
            let summary = try stage.execute(context)
            if output.quiet { held.append(summary) } else { output.report(summary, runID: context.runID) }
            rejected += summary.rejected  // files only `validate` rejects
            unreadable += summary.unreadable
            problems += summary.problems
        }
        if rejected > 0 || !unreadable.isEmpty || !problems.isEmpty {
            for summary in held { output.report(summary, runID: context.runID) }
        }
        // Said in JSON too: a configuration problem is what the operator must fix before anything else.
        for problem in problems {
            standardError("vksict: cấu hình sai — \(problem) (các phần khác vẫn được tính và xuất)")
        }
        if output.logFormat == .text {
            for path in unreadable {
                standardError(
                    "vksict: không đọc được trong hộp thư đến: \(path) — cấp quyền đọc cho tài khoản chạy vksict; "
                        + "các tệp khác đã được xử lý, tệp này sẽ được nhận ở lần chạy sau")
            }
            if rejected > 0 {
                standardError("vksict: \(rejected) tệp bị từ chối — xem: vksict rejections --run \(context.runID)")
                let deliveries = try context.warehouse.read { try RejectedDelivery.rejected(byRun: context.runID, $0) }
                for delivery in deliveries {
                    standardError("vksict:   " + delivery.line(exportsFolder: context.config.exports))
                }
            }
        }
        // A wrong configuration file, then unreadable input, need a person before the next night;
        // rejections only need the provinces told.
        if !problems.isEmpty { throw ExitStatus.configuration }
        if !unreadable.isEmpty { throw ExitStatus.ioError }
        if rejected > 0 { throw ExitStatus.rejected }
    }
}
