import ArgumentParser
import VKSPipeline

extension VKSICT {
    struct Aggregate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Tính các chỉ tiêu của pipelines/indicators/ cho các kỳ có thay đổi (hoặc --period).",
            discussion: """
                Compute the indicators of pipelines/indicators/ for changed periods (or --period).
                """)

        @OptionGroup var paths: PathOptions
        @OptionGroup var scope: ScopeOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            try runStages([AggregateStage()], command: "aggregate", paths: paths, scope: scope.scope, output: output)
        }
    }
}
