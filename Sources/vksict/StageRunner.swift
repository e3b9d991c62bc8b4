import ArgumentParser
import VKSPipeline

/// Runs stages in order on one warehouse, reports each, and exits 65 when a file was rejected.
///
/// With `--quiet` (cron) nothing is printed when all went well; when something needs a person, the
/// stage summaries are printed after all, with where to look next.
func runStages(
    _ stages: [any Stage], command: String, paths: PathOptions, pipelineFile: String? = nil,
    scope: Scope, output: OutputOptions
) throws {
    try withExitCodes {
        let config = try paths.config(pipelineFile: pipelineFile)
        let context = try RunContext.open(
            config: config, scope: scope, logger: output.makeLogger(), command: command,
            progress: TerminalProgress.ifTerminal(output))
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
