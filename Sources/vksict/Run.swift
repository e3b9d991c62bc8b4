import ArgumentParser
import VKSPipeline

extension VKSICT {
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run every stage in order: ingest, validate, normalize, aggregate, export.",
            discussion:
                "What arrived since the last run goes through; a second run over the same inbox changes nothing.")

        @Argument(help: "Pipeline file (default pipelines/nightly.yaml).")
        var pipelineFile: String?

        @OptionGroup var paths: PathOptions
        @OptionGroup var scope: ScopeOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            try runStages(
                [
                    IngestStage(), ValidateAndLoadStage(), NormalizeStage(),
                    AggregateStage(), ExportStage(),
                ], command: "run",
                paths: paths, pipelineFile: pipelineFile, scope: scope.scope, output: output)
        }
    }
}
