import ArgumentParser
import VKSPipeline

extension VKSICT {
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check received files and accept or reject each; findings are stored.")

        @OptionGroup var paths: PathOptions
        @OptionGroup var scope: ScopeOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            try runStages([ValidateStage()], command: "validate", paths: paths, scope: scope.scope, output: output)
        }
    }
}
