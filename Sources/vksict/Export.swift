import ArgumentParser
import VKSPipeline

extension VKSICT {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Xuất <out>/<kỳ>/*.csv.gz và manifest.json cho các kỳ có thay đổi (hoặc --period).",
            discussion: """
                Write <out>/<period>/*.csv.gz and manifest.json for changed periods (or --period).
                """)

        @OptionGroup var paths: PathOptions
        @OptionGroup var scope: ScopeOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            try runStages([ExportStage()], command: "export", paths: paths, scope: scope.scope, output: output)
        }
    }
}
