import ArgumentParser
import VKSPipeline

/// Runs stages in order on one warehouse, reports each, and exits 65 when a file was rejected.
func runStages(_ stages: [any Stage], command: String, paths: PathOptions, pipelineFile: String? = nil,
               scope: Scope, output: OutputOptions) throws {
    try withExitCodes {
        let config = try paths.config(pipelineFile: pipelineFile)
        let context = try RunContext.open(config: config, scope: scope, logger: output.makeLogger(), command: command)
        var rejected = 0
        for stage in stages {
            let summary = try stage.execute(context)
            output.report(summary, runID: context.runID)
            if stage is ValidateStage { rejected += summary.rejected }
        }
        if rejected > 0 { throw ExitStatus.rejected }
    }
}
